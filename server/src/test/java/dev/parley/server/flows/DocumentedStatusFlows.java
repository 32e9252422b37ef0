package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Problem;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document lists, for every operation, every error status the server answers it with.
 * Not by reading the code: every operation the document has is driven through the error paths on a
 * real server (no token, a refused token, ids that do not exist, a stranger's and a mere member's
 * session, malformed, mistyped, non-JSON, oversized and crowded-out bodies, bad parameters,
 * {@code If-Match}, rate limits, the log-in throttle and the stream quotas), and each status it
 * answers must be in the operation's responses, or among the few any request can get (listed once
 * in the document's description). What was answered must be what the document says it is:
 * problem+json, but for the token endpoint's OAuth errors and the health check's format.
 */
abstract class DocumentedStatusFlows extends FlowSuite {

    /** What any request can get, documented once in the description: no operation answers them by design. */
    private static final Set<Integer> ANY_REQUEST = Set.of(405, 414, 431, 500, 505);
    /** Documented error answers that are not problem+json: RFC 6749's token errors, Helidon's health report. */
    private static final Map<String, String> OTHER_ERROR_SCHEMAS =
            Map.of("issueToken 400", "OAuthError", "issueToken 429", "OAuthError", "health 503", "Health");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Per operation id, each status it answered and the media type of that answer. */
    private final Map<String, Map<Integer, String>> answered = new ConcurrentHashMap<>();

    @Test
    void everyStatusAnOperationAnswersIsDocumentedForIt() throws Exception {
        JsonNode document = openApiDocument();
        List<Operation> operations = operations(document);
        assertThat(operations).hasSizeGreaterThan(15);

        Map<String, String> limits = Map.of(
                "parley.limits.max-body-bytes",
                "10000",
                "parley.limits.max-body-bytes-in-flight",
                "20000",
                "parley.events.heartbeat",
                "PT0.2S");
        try (TestServer server = servers().start(limits)) {
            Fixtures fixtures = new Fixtures(server);
            for (Operation operation : operations) {
                probeErrorPaths(server, fixtures, operation);
                fixtures.logInAgain(); // the probes of POST /logout end their callers' logins
            }
            probeBodyRoom(server, fixtures, operations);
        }
        Map<String, String> fewStreams =
                Map.of("parley.events.max-streams-per-user", "1", "parley.events.max-streams", "3");
        for (Operation operation : operations) {
            if (operation.isStream()) {
                // A server each: a stream closed by its client is counted until the server notices.
                try (TestServer server = servers().start(fewStreams)) {
                    probeStreamQuotas(server, new Fixtures(server), operation);
                }
            }
        }
        Map<String, String> tight = Map.of(
                "parley.limits.sessions.burst",
                "1",
                "parley.limits.messages.burst",
                "1",
                "parley.limits.registrations.burst",
                "5",
                "parley.auth.login-throttle.max-failures-per-account",
                "1");
        try (TestServer server = servers().start(tight)) {
            Fixtures fixtures = new Fixtures(server);
            // The fixture's session and message take the one session and message the owner may create.
            Target own = fixtures.freshTarget();
            for (Operation operation : operations) {
                if (operation.method().equals("DELETE")) {
                    continue; // the session must live on for the operations after
                }
                for (int i = 0; i < 3; i++) {
                    send(
                            server,
                            operation,
                            own.path(operation),
                            fixtures.owner.accessToken(),
                            Map.of(),
                            operation.takesForm() ? wrongPassword(fixtures.fourth) : validBody(operation, fixtures));
                }
                fixtures.logInAgain();
            }
        }

        Set<Integer> seen = new TreeSet<>();
        answered.values().forEach(statuses -> seen.addAll(statuses.keySet()));
        assertThat(seen)
                .as("the probes reach every kind of refusal")
                .contains(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 431, 503);
        assertThat(answered.get("streamSessionEvents")).as("a stream's quotas").containsKeys(429, 503);
        assertThat(answered.get("removeMember")).as("an owner-only change").containsKeys(403, 404, 412);
        assertThat(answered.get("searchMessages"))
                .as("a session named in the query")
                .containsKeys(401, 404, 422);
        assertThat(answered.get("editMessage")).as("an author-only change").containsKeys(403, 404, 412, 422, 429);
        assertThat(answered.get("deleteMessage"))
                .as("a change of the author's or the owner's")
                .containsKeys(403, 404);

        Map<String, Set<Integer>> undocumented = new TreeMap<>();
        for (Operation operation : operations) {
            Map<Integer, String> statuses = answered.getOrDefault(operation.id(), Map.of());
            JsonNode responses = operation.spec().path("responses");
            statuses.forEach((status, mediaType) -> {
                if (status >= 400 && !ANY_REQUEST.contains(status)) {
                    if (!responses.has(Integer.toString(status))) {
                        undocumented
                                .computeIfAbsent(operation.id(), id -> new TreeSet<>())
                                .add(status);
                    } else {
                        assertThat(documentedMediaTypes(document, responses.path(Integer.toString(status))))
                                .as(operation.id() + " answered " + status + " as " + mediaType)
                                .contains(mediaType);
                    }
                }
            });
        }
        assertThat(undocumented)
                .as("statuses answered but not documented, per operation")
                .isEmpty();
    }

    /** Every documented error response is problem+json, referencing the Problem schema, but for the few named. */
    @Test
    void everyDocumentedErrorIsProblemJson() {
        JsonNode document = openApiDocument();
        for (Operation operation : operations(document)) {
            operation.spec().path("responses").properties().forEach(entry -> {
                if (Integer.parseInt(entry.getKey()) < 400) {
                    return;
                }
                JsonNode response = resolve(document, entry.getValue());
                String name = operation.id() + " " + entry.getKey();
                String schema = OTHER_ERROR_SCHEMAS.getOrDefault(name, "Problem");
                String mediaType = schema.equals("Problem") ? Problem.MEDIA_TYPE : "application/json";
                assertThat(response.path("content")
                                .path(mediaType)
                                .path("schema")
                                .path("$ref")
                                .asText())
                        .as(name)
                        .isEqualTo("#/components/schemas/" + schema);
            });
        }
    }

    private void probeErrorPaths(TestServer server, Fixtures fixtures, Operation operation) {
        Target own = fixtures.freshTarget();
        String owner = fixtures.owner.accessToken();
        Body valid = validBody(operation, fixtures);
        send(server, operation, own.path(operation), null, Map.of(), valid);
        send(server, operation, own.path(operation), "not-a-token", Map.of(), valid);
        send(server, operation, own.unknown(operation), owner, Map.of(), valid);
        send(server, operation, own.path(operation), fixtures.stranger.accessToken(), Map.of(), valid);
        send(server, operation, own.path(operation), fixtures.member.accessToken(), Map.of(), valid);
        // The owner naming themself where a member is named: removing the owner is refused to all.
        send(server, operation, own.naming(fixtures.owner.user().id()).path(operation), owner, Map.of(), valid);
        send(
                server,
                operation,
                own.naming(fixtures.owner.user().id()).path(operation),
                fixtures.member.accessToken(),
                Map.of(),
                valid);
        send(
                server,
                operation,
                withQuery(own.path(operation), "limit=0&after_id=-1&before_id=-1&cursor=%21&format=xml"),
                owner,
                Map.of("Last-Event-ID", "yesterday"),
                valid);
        if (operation.takesQuery("session_id")) {
            // A session named in the query is refused as one in the path: another's and an unknown one.
            String otherSession = "session_id=" + own.sessionId();
            send(
                    server,
                    operation,
                    withQuery(own.path(operation), otherSession),
                    fixtures.stranger.accessToken(),
                    Map.of(),
                    valid);
            String unknown = "session_id=" + (own.sessionId() + 1_000_000_000L);
            send(server, operation, withQuery(own.path(operation), unknown), owner, Map.of(), valid);
        }
        send(server, operation, own.path(operation), owner, Map.of("If-Match", "\"v1\""), valid);
        send(server, operation, own.path(operation), owner, Map.of("X-Padding", "p".repeat(9 * 1024)), valid);
        if (operation.takesBody()) {
            send(
                    server,
                    operation,
                    own.path(operation),
                    owner,
                    Map.of(),
                    new Body("application/json", "{\"text\": \"unterminated}"));
            send(server, operation, own.path(operation), owner, Map.of(), new Body("text/plain", "hello"));
            send(
                    server,
                    operation,
                    own.path(operation),
                    owner,
                    Map.of(),
                    new Body(
                            "application/json",
                            "{\"email\": 1, \"password\": 1, \"title\": 1, \"text\": 1, \"last_read_id\": \"x\", \"grant_type\": 1}"));
            send(
                    server,
                    operation,
                    own.path(operation),
                    owner,
                    Map.of(),
                    new Body("application/json", "{\"text\": \"" + "x".repeat(12_000) + "\"}"));
        }
        send(server, operation, own.path(operation), owner, Map.of(), valid);
    }

    /** One stream held per user (the quota is 1), then a second: 429; three held on the server (its cap): 503. */
    private void probeStreamQuotas(TestServer server, Fixtures fixtures, Operation operation) throws IOException {
        Target own = fixtures.freshTarget();
        fixtures.addToSession(own, fixtures.stranger);
        fixtures.addToSession(own, fixtures.fourth);
        List<InputStream> held = new ArrayList<>();
        try {
            for (Account holder :
                    List.of(fixtures.owner, fixtures.owner, fixtures.member, fixtures.stranger, fixtures.fourth)) {
                HttpResponse<InputStream> response =
                        exchange(server, operation, own.path(operation), holder.accessToken(), Map.of(), Body.NONE);
                record(operation, response);
                if (response.statusCode() == 200) {
                    held.add(response.body());
                } else {
                    response.body().close();
                }
            }
        } finally {
            for (InputStream stream : held) {
                stream.close();
            }
        }
    }

    /**
     * Two bodies sent in part and stalled hold most of the room for bodies being read; every
     * operation that takes a body then waits for room beside them, and is refused.
     */
    @SuppressWarnings("try") // the two sockets are held open, unused, for the whole probe
    private void probeBodyRoom(TestServer server, Fixtures fixtures, List<Operation> operations) throws Exception {
        Target own = fixtures.freshTarget();
        String stalled = "{\"text\":\"" + "a".repeat(9_500) + "\"}";
        try (Socket first = startPost(server, own, fixtures, stalled);
                Socket second = startPost(server, own, fixtures, stalled)) {
            Body crowded = new Body("application/json", "{\"title\":\"" + "b".repeat(6_000) + "\"}");
            Operation post = operations.stream()
                    .filter(o -> o.id().equals("postMessage"))
                    .findFirst()
                    .orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // The stalled bodies take their room once the server has read their bytes, which cannot be seen.
            while (send(server, post, own.path(post), fixtures.owner.accessToken(), Map.of(), crowded) != 503) {
                assertThat(System.nanoTime()).as("the room filled within 30 s").isLessThan(deadline);
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (Operation operation : operations) {
                    if (operation.takesBody()) {
                        Body body = operation.takesForm()
                                ? new Body("application/x-www-form-urlencoded", "password=" + "c".repeat(6_000))
                                : crowded;
                        sent.add(pool.submit(() -> send(
                                server, operation, own.path(operation), fixtures.owner.accessToken(), Map.of(), body)));
                    }
                }
                for (Future<Integer> status : sent) {
                    status.get();
                }
            }
        }
    }

    private static Socket startPost(TestServer server, Target target, Fixtures fixtures, String body)
            throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        OutputStream out = socket.getOutputStream();
        out.write(
                ("POST /sessions/" + target.sessionId() + "/messages HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer "
                                + fixtures.owner.accessToken()
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body.substring(0, body.length() - 100))
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Sends one request, records the status and media type of its answer, and returns the status. */
    private int send(
            TestServer server, Operation operation, String path, String token, Map<String, String> headers, Body body) {
        try {
            HttpResponse<InputStream> response = exchange(server, operation, path, token, headers, body);
            response.body().close();
            return record(operation, response);
        } catch (IOException e) {
            throw new UncheckedIOException(operation.id() + " " + path, e);
        }
    }

    private int record(Operation operation, HttpResponse<InputStream> response) {
        String mediaType = response.headers()
                .firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip())
                .orElse("");
        answered.computeIfAbsent(operation.id(), id -> new ConcurrentHashMap<>())
                .putIfAbsent(response.statusCode(), mediaType);
        return response.statusCode();
    }

    private static HttpResponse<InputStream> exchange(
            TestServer server, Operation operation, String path, String token, Map<String, String> headers, Body body)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        operation.method(),
                        body == Body.NONE || !operation.takesBody()
                                ? BodyPublishers.noBody()
                                : BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8));
        if (operation.takesBody() && body != Body.NONE) {
            request.header("Content-Type", body.contentType());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A log-in of {@code victim} with a wrong password: the throttle counts it against that account. */
    private static Body wrongPassword(Account victim) {
        return new Body(
                "application/x-www-form-urlencoded",
                "grant_type=password&username=" + URLEncoder.encode(victim.email(), StandardCharsets.UTF_8)
                        + "&password=wrong-password");
    }

    /** The body an operation's first example in the document gives; the token endpoint's with the owner's login. */
    private static Body validBody(Operation operation, Fixtures fixtures) {
        if (operation.takesForm()) {
            return new Body(
                    "application/x-www-form-urlencoded",
                    "grant_type=password&username="
                            + URLEncoder.encode(fixtures.owner.email(), StandardCharsets.UTF_8) + "&password="
                            + URLEncoder.encode(fixtures.owner.password(), StandardCharsets.UTF_8));
        }
        if (!operation.takesBody()) {
            return Body.NONE;
        }
        Iterator<JsonNode> examples = operation
                .spec()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("examples")
                .elements();
        return new Body(
                "application/json",
                examples.hasNext() ? examples.next().path("value").toString() : "{}");
    }

    /** The media types the document gives a response, following a {@code $ref} to the shared responses. */
    private static Set<String> documentedMediaTypes(JsonNode document, JsonNode response) {
        Set<String> types = new TreeSet<>();
        resolve(document, response).path("content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    private static JsonNode resolve(JsonNode document, JsonNode response) {
        String ref = response.path("$ref").asText();
        return ref.isEmpty() ? response : document.at(ref.substring(1));
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    if (!entry.getKey().equals("parameters")) {
                        List<JsonNode> query = new ArrayList<>();
                        entry.getValue().path("parameters").forEach(parameter -> {
                            JsonNode resolved = resolve(document, parameter);
                            if (resolved.path("in").asText().equals("query")) {
                                query.add(resolved);
                            }
                        });
                        operations.add(new Operation(
                                entry.getKey().toUpperCase(Locale.ROOT), path.getKey(), entry.getValue(), query));
                    }
                }));
        return operations;
    }

    /** {@code path} with {@code query} added to the query it may already have. */
    private static String withQuery(String path, String query) {
        return path + (path.contains("?") ? "&" : "?") + query;
    }

    /** An operation of the document, with its query parameters ({@code $ref}s resolved). */
    private record Operation(String method, String template, JsonNode spec, List<JsonNode> queryParameters) {

        /** Its required query parameters, each with the first example the document gives it: "q=..." */
        String requiredQuery() {
            return queryParameters.stream()
                    .filter(parameter -> parameter.path("required").asBoolean())
                    .map(parameter -> parameter.path("name").asText() + "="
                            + URLEncoder.encode(
                                    parameter
                                            .path("examples")
                                            .elements()
                                            .next()
                                            .path("value")
                                            .asText(),
                                    StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }

        boolean takesQuery(String name) {
            return queryParameters.stream()
                    .anyMatch(parameter -> parameter.path("name").asText().equals(name));
        }

        String id() {
            return spec.path("operationId").asText();
        }

        boolean takesBody() {
            return spec.has("requestBody");
        }

        boolean takesForm() {
            return spec.path("requestBody").path("content").has("application/x-www-form-urlencoded");
        }

        boolean isStream() {
            return resolveStream(spec.path("responses").path("200").path("$ref").asText());
        }

        private static boolean resolveStream(String ref) {
            return ref.endsWith("/EventStream");
        }
    }

    private record Body(String contentType, String text) {
        static final Body NONE = new Body("", "");
    }

    /**
     * A session of the owner's, with a member and a message of the owner's in it: fresh for each
     * operation, as some delete.
     */
    private record Target(long sessionId, long memberId, long messageId) {

        /** The operation's path for this session and member, with its required query parameters. */
        String path(Operation operation) {
            return withRequiredQuery(operation, fill(operation.template(), sessionId, memberId, messageId));
        }

        /** The same session, naming {@code userId} where a member is named. */
        Target naming(long userId) {
            return new Target(sessionId, userId, messageId);
        }

        String unknown(Operation operation) {
            return withRequiredQuery(
                    operation,
                    fill(
                            operation.template(),
                            sessionId + 1_000_000_000L,
                            memberId + 1_000_000_000L,
                            messageId + 1_000_000_000L));
        }

        private static String withRequiredQuery(Operation operation, String path) {
            String query = operation.requiredQuery();
            return query.isEmpty() ? path : withQuery(path, query);
        }

        private static String fill(String template, long sessionId, long userId, long messageId) {
            return template.replace("{id}", Long.toString(sessionId))
                    .replace("{user_id}", Long.toString(userId))
                    .replace("{message_id}", Long.toString(messageId));
        }
    }

    /** The people of the probes: an owner, a member of the owner's sessions, and two strangers. */
    private static final class Fixtures {
        private final ApiClient api;
        private Account owner;
        private Account member;
        private Account stranger;
        private final Account fourth;

        Fixtures(TestServer server) {
            this.api = ApiClient.of(server);
            this.owner = api.newAccount();
            this.member = api.newAccount();
            this.stranger = api.newAccount();
            this.fourth = api.newAccount();
        }

        /** New log-ins: new grants, whatever the probes did to the last ones. */
        void logInAgain() {
            owner = logIn(owner);
            member = logIn(member);
            stranger = logIn(stranger);
        }

        private Account logIn(Account account) {
            return new Account(account.user(), account.password(), api.logIn(account.email(), account.password()));
        }

        Target freshTarget() {
            Session session = api.post("/sessions")
                    .as(owner)
                    .body("application/json", "{\"title\":\"probed\"}")
                    .send()
                    .as(Session.class);
            addToSession(session.id(), member);
            ApiClient.Response posted = api.post("/sessions/" + session.id() + "/messages")
                    .as(owner)
                    .body("application/json", "{\"text\":\"probe\"}")
                    .send();
            assertThat(posted.status()).isEqualTo(201);
            return new Target(
                    session.id(), member.user().id(), posted.json().path("id").asLong());
        }

        void addToSession(Target target, Account account) {
            addToSession(target.sessionId(), account);
        }

        private void addToSession(long sessionId, Account account) {
            assertThat(api.post("/sessions/" + sessionId + "/members")
                            .as(owner)
                            .body("application/json", "{\"email\":\"" + account.email() + "\"}")
                            .send()
                            .status())
                    .isEqualTo(201);
        }
    }
}
