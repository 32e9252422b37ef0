package dev.parley.server.fuzz;

import static dev.parley.server.fuzz.Encodings.concat;
import static dev.parley.server.fuzz.Encodings.utf8;
import static dev.parley.server.fuzz.HostileInputs.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.RawHttp;
import dev.parley.server.testing.RawHttp.Request;
import dev.parley.server.testing.RawHttp.Response;
import dev.parley.server.testing.ReadOnlyDatabase;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property-based fuzzing of every endpoint of the API (accounts, /token, sessions, messages,
 * members, read markers, event streams), against one real server: whatever bytes arrive, the answer
 * is never a 5xx; every refusal is a 4xx in problem+json (RFC 6749 JSON at /token); and a refused
 * request leaves every table of the database exactly as it was. An event stream that is opened
 * counts as answered (its head is checked, then it is cut off). QuickTheories prints the seed of a
 * failing run; {@code -DQT_SEED=<seed>} replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    /** Per property: enough to meet each kind of input many times, few enough for a quick suite. */
    private static final int TRIES = 200;

    private static final String PROBLEM_JSON = "application/problem+json";

    private TestServer server;
    private RawHttp http;
    private ReadOnlyDatabase db;
    private Account owner;
    private Account stranger;
    /** Sends requests of any method to any path with a valid token: so the owner's data is out of reach. */
    private Account mallory;

    private Session session;
    private Session mallorysSession;
    private String secretText;
    private long secretId;
    /** The owner's message that fuzzed edits may change, so that the secret stays as it is. */
    private long editableId;
    /** The database as the last accepted request left it; a refused one must leave it so. */
    private Map<String, List<List<Object>>> stored;

    @BeforeAll
    void startServer() {
        // Fuzzed log-ins fail by the hundred from one address: the throttle would answer them all with 429.
        // Fuzzed streams that open are cut off at once; the caps would otherwise answer the next with 429
        // until the server notices, at a heartbeat.
        server = TestServer.start(Map.of(
                "parley.auth.login-throttle.max-failures-per-address", "1000000",
                "parley.auth.login-throttle.max-failures-per-account", "1000000",
                "parley.events.max-streams-per-user", "100000",
                "parley.events.max-streams", "100000",
                "parley.events.heartbeat", "PT1S"));
        ApiClient api = ApiClient.of(server);
        owner = api.newAccount();
        stranger = api.newAccount();
        mallory = api.newAccount();
        session = api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("fuzzed"))
                .send()
                .as(Session.class);
        mallorysSession = api.post("/sessions")
                .as(mallory)
                .json(new SessionTitle("mallory's"))
                .send()
                .as(Session.class);
        secretText = "owner's eyes only " + UUID.randomUUID();
        secretId = api.post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .json(new NewMessage(secretText))
                .send()
                .as(Message.class)
                .id();
        editableId = api.post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .json(new NewMessage("fuzzed edits land here"))
                .send()
                .as(Message.class)
                .id();
        http = new RawHttp(server.port());
        db = ReadOnlyDatabase.open(server.dataDir());
        stored = db.snapshot();
    }

    @AfterAll
    void stopServer() {
        db.close();
        server.close();
    }

    @AfterEach
    void theServerStillServes() {
        assertThat(http.exchange(Request.of("GET", "/observe/health")).status()).isEqualTo(200);
        assertThat(db.integrityCheck()).containsExactly("ok");
    }

    @Test
    void anyJsonBodyIsAnsweredOrRefusedWithAProblemThatStoresNothing() {
        Gen<Request> requests = jsonEndpoints()
                .zip(
                        jsonContentTypes(),
                        HostileInputs.jsonBody(),
                        (endpoint, type, body) -> endpoint.withBody(type, body));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    @Test
    void anyTokenFormIsAnsweredOrRefusedTheOAuthWay() {
        Gen<String> formTypes = Generate.pick(List.of(
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "application/x-www-form-urlencoded;;",
                "multipart/form-data; boundary=x",
                "text/plain",
                "*/*",
                ""));
        Gen<Request> requests = formTypes.zip(
                HostileInputs.formBody(),
                (type, body) -> Request.of("POST", "/token").withBody(type, body));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    @Test
    void anyBearerTokenButARealOneIsRefused() {
        Gen<String> schemes =
                Generate.pick(List.of("Bearer ", "bearer ", "BEARER   ", "Bearer", "Basic ", "", "Bearer\t"));
        Gen<Request> requests = authenticatedEndpoints()
                .zip(
                        schemes,
                        HostileInputs.bearerToken(),
                        (endpoint, scheme, token) -> endpoint.withHeader("Authorization", concat(utf8(scheme), token)));

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            assertThat(response.status())
                    .as("%s answered %s", request, response)
                    .isBetween(400, 499);
            if (response.status() == 401) {
                assertThat(response.header("WWW-Authenticate"))
                        .as(response.toString())
                        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            }
        });
    }

    @Test
    void noIdAStrangerWritesShowsOrChangesTheOwnersSession() {
        Gen<Request> requests = Generate.pick(List.of(
                        "GET /sessions/%s",
                        "PATCH /sessions/%s",
                        "DELETE /sessions/%s",
                        "GET /sessions/%s/messages",
                        "POST /sessions/%s/messages",
                        "PATCH /sessions/%s/messages/" + secretId,
                        "DELETE /sessions/%s/messages/" + secretId,
                        "PATCH /sessions/" + session.id() + "/messages/%s",
                        "DELETE /sessions/" + session.id() + "/messages/%s",
                        "GET /sessions/%s/members",
                        "POST /sessions/%s/members",
                        "DELETE /sessions/%s/members/" + owner.user().id(),
                        "DELETE /sessions/" + session.id() + "/members/%s",
                        "PUT /sessions/%s/read",
                        "GET /sessions/%s/events",
                        "GET /sessions/%s/events?after_id=0"))
                .zip(HostileInputs.idText(), (route, id) -> {
                    String[] methodAndPath = route.split(" ", 2);
                    String[] around = methodAndPath[1].split("%s", -1);
                    Request request = Request.of(methodAndPath[0], "/")
                            .withTarget(concat(concat(utf8(around[0]), id), utf8(around[1])))
                            .withHeader("Authorization", "Bearer " + stranger.accessToken());
                    return methodAndPath[0].equals("PATCH")
                                    || methodAndPath[0].equals("POST")
                                    || methodAndPath[0].equals("PUT")
                            ? request.withBody(
                                    "application/json",
                                    utf8("{\"title\":\"mine now\",\"text\":\"mine now\"," + "\"email\":\""
                                            + stranger.email() + "\",\"last_read_id\":" + secretId + "}"))
                            : request;
                });

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            assertThat(response.text())
                    .as("%s answered %s", request, response)
                    .doesNotContain(secretText)
                    .doesNotContain(owner.email());
        });
        assertThat(ApiClient.of(server)
                        .get("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .send()
                        .body())
                .contains(secretText);
        assertThat(ApiClient.of(server)
                        .get("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .send()
                        .body())
                .as("the stranger joined nobody's session")
                .doesNotContain(stranger.email());
    }

    @Test
    void anyQueryIsAnsweredOrRefusedWithAProblem() {
        Gen<Request> requests = Generate.pick(List.of(
                        "/sessions?",
                        "/sessions/" + session.id() + "/messages?",
                        "/sessions/" + session.id() + "/events?",
                        "/events?",
                        "/search?",
                        "/search?q=owner&"))
                .zip(
                        HostileInputs.query(),
                        (path, query) -> Request.of("GET", "/")
                                .withTarget(concat(utf8(path), query))
                                .withHeader("Authorization", "Bearer " + owner.accessToken()));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    @Test
    void anyLastEventIdIsAnsweredWithAStreamOrRefusedWithAProblem() {
        Gen<Request> requests = Generate.pick(List.of("/sessions/" + session.id() + "/events", "/events"))
                .zip(
                        oneOf(List.of(HostileInputs.idText(), HostileInputs.headerValue())),
                        (path, lastEventId) -> Request.of("GET", path)
                                .withHeader("Authorization", "Bearer " + owner.accessToken())
                                .withHeader("Last-Event-ID", lastEventId));

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            if (response.status() < 400) {
                assertThat(response.contentType())
                        .as("%s answered %s", request, response)
                        .startsWith("text/event-stream");
            }
        });
    }

    @Test
    void anyBytesInTheRequestLineOrHeadersAreAnsweredOrRefusedWithAProblem() {
        // Methods are tokens: Helidon itself fails on any other (see HostileInputs.tokens).
        Gen<byte[]> methods = oneOf(List.of(
                Generate.pick(List.of(
                                "GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get",
                                "FOO", "G-E-T", ""))
                        .map(value -> utf8(value)),
                HostileInputs.tokens(1, 12)));
        // Not /logout: it would end mallory's log-in, and every later request would only meet the 401.
        Gen<byte[]> targets = HostileInputs.mostly(
                Generate.pick(List.of(
                                "/users",
                                "/users/me",
                                "/token",
                                "/sessions",
                                "/sessions/" + mallorysSession.id(),
                                "/sessions/" + mallorysSession.id() + "/messages",
                                "/sessions/" + mallorysSession.id() + "/members",
                                "/sessions/" + mallorysSession.id() + "/members/"
                                        + mallory.user().id(),
                                "/sessions/" + mallorysSession.id() + "/read",
                                "/sessions/" + mallorysSession.id() + "/events",
                                "/events",
                                "/search?q=fuzzed",
                                "/",
                                "*",
                                "http://127.0.0.1/sessions",
                                "//sessions",
                                "/sessions/../users/me",
                                "/sessions%2F1",
                                "/%",
                                "/%zz",
                                "/sessions/%00",
                                "/\u00e9",
                                "/docs/../../etc/passwd"))
                        .map(value -> utf8(value)),
                HostileInputs.headerBytes(1, 40)
                        .map(value -> Encodings.withoutSpaces(value))
                        .map(t -> concat(utf8("/"), t)));
        Gen<String> headerNames = HostileInputs.mostly(
                Generate.pick(List.of(
                        "Idempotency-Key",
                        "Content-Type",
                        "Accept",
                        "Accept-Charset",
                        "Authorization",
                        "Cookie",
                        "X-Forwarded-For",
                        "Host",
                        "Expect",
                        "Origin",
                        "Last-Event-ID",
                        "Range",
                        "If-None-Match")),
                Generate.pick(List.of("X-\u00e9", "Bad Name", ":authority", "", "X\u0001")));
        Gen<Request> requests = methods.zip(
                targets,
                headerNames,
                HostileInputs.headerValue(),
                (method, target, name, value) -> new Request(method, target, List.of(), new byte[0])
                        .withHeader("Authorization", "Bearer " + mallory.accessToken())
                        .withHeader(name, value)
                        .withBody("application/json", utf8("{\"text\":\"fuzzed\",\"title\":\"fuzzed\"}")));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    private QuickTheory qt() {
        // Every shrink step is a request too: bounded, so a failure is reported in seconds.
        return QuickTheory.qt().withExamples(TRIES).withShrinkCycles(200);
    }

    /**
     * Sends {@code request} and checks the answer: never 5xx; a refusal is a 4xx problem+json (or
     * RFC 6749 JSON from /token) and stores nothing; an accepted request may change what is stored.
     */
    private Response assertAnsweredOrRefused(Request request) {
        Response response = http.exchange(request);
        assertThat(response.status()).as("%s answered %s", request, response).isBetween(200, 499);
        if (response.status() < 400) {
            stored = db.snapshot();
            return response;
        }
        if (new String(request.method(), StandardCharsets.ISO_8859_1).equals("HEAD")) {
            // A HEAD answer has headers only.
            assertThat(response.contentType())
                    .as("%s answered %s", request, response)
                    .startsWith(PROBLEM_JSON);
        } else if (isOAuthError(request, response)) {
            JsonNode body = json(response, request);
            assertThat(body.path("error").isTextual())
                    .as("%s answered %s", request, response)
                    .isTrue();
        } else {
            JsonNode body = json(response, request);
            assertThat(response.contentType())
                    .as("%s answered %s", request, response)
                    .startsWith(PROBLEM_JSON);
            assertThat(body.path("status").asInt())
                    .as("%s answered %s", request, response)
                    .isEqualTo(response.status());
            assertThat(body.path("title").isTextual())
                    .as("%s answered %s", request, response)
                    .isTrue();
        }
        assertThat(db.snapshot())
                .as("what is stored after %s was refused with %s", request, response)
                .isEqualTo(stored);
        return response;
    }

    private static boolean isOAuthError(Request request, Response response) {
        return new String(request.target(), StandardCharsets.ISO_8859_1).startsWith("/token")
                && response.contentType().startsWith("application/json");
    }

    private static JsonNode json(Response response, Request request) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(request + " answered " + response + ", which is no JSON", e);
        }
    }

    /** The endpoints that read a JSON body, each as the caller it needs. */
    private Gen<Request> jsonEndpoints() {
        String bearer = "Bearer " + owner.accessToken();
        return Generate.pick(List.of(
                Request.of("POST", "/users"),
                Request.of("POST", "/token"),
                Request.of("POST", "/sessions").withHeader("Authorization", bearer),
                Request.of("PATCH", "/sessions/" + session.id()).withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/messages").withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/messages")
                        .withHeader("Authorization", bearer)
                        .withHeader("Idempotency-Key", "fuzz-" + UUID.randomUUID()),
                Request.of("PATCH", "/sessions/" + session.id() + "/messages/" + editableId)
                        .withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/members").withHeader("Authorization", bearer),
                Request.of("PUT", "/sessions/" + session.id() + "/read").withHeader("Authorization", bearer)));
    }

    private static Gen<String> jsonContentTypes() {
        return HostileInputs.mostly(
                Generate.pick(List.of(
                        "application/json",
                        "application/json; charset=utf-8",
                        "APPLICATION/JSON",
                        "application/problem+json",
                        "application/vnd.fuzz+json")),
                Generate.pick(List.of(
                        "application/json; charset=utf-16",
                        "application/json; charset=\"",
                        "application/json;;;",
                        "text/json",
                        "application/x-www-form-urlencoded",
                        "application/octet-stream",
                        "",
                        "application/",
                        ";",
                        "application/json; q=\"\u00e9")));
    }

    /** Every endpoint that needs a caller, with a body it would accept from one. */
    private Gen<Request> authenticatedEndpoints() {
        byte[] title = utf8("{\"title\":\"fuzzed\"}");
        byte[] text = utf8("{\"text\":\"fuzzed\"}");
        return Generate.pick(List.of(
                Request.of("GET", "/users/me"),
                Request.of("POST", "/logout"),
                Request.of("GET", "/sessions"),
                Request.of("POST", "/sessions").withBody("application/json", title),
                Request.of("GET", "/sessions/" + session.id()),
                Request.of("PATCH", "/sessions/" + session.id()).withBody("application/json", title),
                Request.of("DELETE", "/sessions/" + session.id()),
                Request.of("GET", "/sessions/" + session.id() + "/messages"),
                Request.of("POST", "/sessions/" + session.id() + "/messages").withBody("application/json", text),
                Request.of("PATCH", "/sessions/" + session.id() + "/messages/" + secretId)
                        .withBody("application/json", text),
                Request.of("DELETE", "/sessions/" + session.id() + "/messages/" + secretId),
                Request.of("GET", "/sessions/" + session.id() + "/members"),
                Request.of("POST", "/sessions/" + session.id() + "/members")
                        .withBody("application/json", utf8("{\"email\":\"" + stranger.email() + "\"}")),
                Request.of(
                        "DELETE",
                        "/sessions/" + session.id() + "/members/" + owner.user().id()),
                Request.of("PUT", "/sessions/" + session.id() + "/read")
                        .withBody("application/json", utf8("{\"last_read_id\":" + secretId + "}")),
                Request.of("GET", "/sessions/" + session.id() + "/events"),
                Request.of("GET", "/events"),
                Request.of("GET", "/search?q=owner")));
    }
}
