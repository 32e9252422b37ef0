package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The failures every endpoint shares (the OpenAPI document's "Errors"), always as problem+json that echoes no secret. */
abstract class ErrorFlows extends FlowSuite {

    private static final String PASSWORD = "S3cret-never-echoed";

    @Test
    void malformedJsonIs400() {
        Account owner = newAccount();

        assertProblem(
                api().post("/sessions")
                        .as(owner)
                        .body("application/json", "{\"title\":")
                        .send(),
                400);
        assertProblem(
                api().post("/users")
                        .body("application/json", "{\"email\":\"a@example.com\",\"password\":\"" + PASSWORD + "\"")
                        .send(),
                400,
                PASSWORD);
        assertProblem(
                api().post("/users")
                        .body(
                                "application/json",
                                "{\"email\":\"a@example.com\",\"password\":\"" + PASSWORD + "\"} trailing")
                        .send(),
                400,
                PASSWORD);
    }

    /**
     * Every operation the document says takes a JSON body answers 400 to JSON that does not parse,
     * however Jackson meets the error (in a field's value, as an unterminated string, say, or
     * before); well-formed JSON with a wrong value stays 422.
     */
    @Test
    void malformedJsonIs400OnEveryOperationTakingJson() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");
        Message message = postMessage(owner, session.id(), "to mark read");
        Map<String, String> operations = new TreeMap<>();
        openApiDocument()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (operation.getValue().path("requestBody").path("content").has("application/json")) {
                        operations.put(
                                operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                path.getKey()
                                        .replace("{id}", Long.toString(session.id()))
                                        .replace("{message_id}", Long.toString(message.id())));
                    }
                }));
        assertThat(operations)
                .containsKeys(
                        "POST /users",
                        "POST /sessions",
                        "PATCH /sessions/{id}",
                        "POST /sessions/{id}/members",
                        "PUT /sessions/{id}/read",
                        "POST /sessions/{id}/messages",
                        "PATCH /sessions/{id}/messages/{message_id}",
                        "POST /token");

        for (String body : List.of(
                "{\"text\": \"unterminated}",
                "{\"title\": \"unterminated}",
                "{\"email\": tru}",
                "{\"last_read_id\": " + message.id() + ",}",
                "[1,",
                "{\"text\": [}",
                "{\"title\": {\"a\": }")) {
            operations.forEach((operation, path) -> {
                Response response = api().request(operation.substring(0, operation.indexOf(' ')), path)
                        .as(owner)
                        .body("application/json", body)
                        .send();
                assertThat(response.status())
                        .as(operation + " with " + body + ": " + response.body())
                        .isEqualTo(400);
            });
        }
        assertInvalid(
                api().post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .body("application/json", "{\"text\": \"\"}")
                        .send(),
                "text");
    }

    @Test
    void aValueOfTheWrongTypeIs422() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");

        assertInvalid(
                api().post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .body("application/json", "{\"text\":42}")
                        .send(),
                "text");
        assertInvalid(
                api().post("/users")
                        .body("application/json", "{\"email\":[],\"password\":\"" + PASSWORD + "\"}")
                        .send(),
                "email",
                PASSWORD);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");

        assertProblem(
                api().post("/sessions")
                        .as(owner)
                        .body("text/plain", "{\"title\":\"t\"}")
                        .send(),
                415);
        assertProblem(
                api().patch("/sessions/" + session.id())
                        .as(owner)
                        .body("text/plain", "{\"title\":\"t\"}")
                        .send(),
                415);
        assertProblem(
                api().post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .body("text/plain", "{\"text\":\"hi\"}")
                        .send(),
                415);
        assertProblem(
                api().post("/users")
                        .body("text/plain", "{\"email\":\"a@example.com\",\"password\":\"" + PASSWORD + "\"}")
                        .send(),
                415,
                PASSWORD);
        assertThat(api().get("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .send()
                        .body())
                .contains("\"messages\":[]");
    }

    @Test
    void mediaTypesAreReadWithoutRegardToCase() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");

        Response posted = api().post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .body("Application/JSON; charset=UTF-8", "{\"text\":\"hi\"}")
                .send();
        Response loggedIn = api().post("/token")
                .body(
                        "APPLICATION/X-WWW-FORM-URLENCODED",
                        "grant_type=password&username=" + owner.email().replace("@", "%40") + "&password="
                                + owner.password())
                .send();

        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(loggedIn.status()).as(loggedIn.body()).isEqualTo(200);
    }

    @Test
    void aBodyOverSixtyFourKibibytesIs413() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");

        Response response = api().post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .body("application/json", oversizedMessage())
                .expectContinue()
                .send();

        assertProblem(response, 413);
    }

    @Test
    void everyClientSendingAnOversizedBodyAtOnceReadsThe413() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");
        Map<String, Integer> outcomes = new TreeMap<>();

        // Without Expect: 100-continue the whole body is on its way before the server answers; the
        // answer must reach the client although the server stops reading the body.
        for (int attempt = 0; attempt < 50; attempt++) {
            String outcome;
            try {
                outcome = Integer.toString(api().post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .body("application/json", oversizedMessage())
                        .send()
                        .status());
            } catch (UncheckedIOException e) {
                outcome = e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage();
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }

        assertThat(outcomes).containsOnlyKeys("413");
    }

    @Test
    void aChunkedBodyOverSixtyFourKibibytesIs413() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");
        // Without a known length the client sends Transfer-Encoding: chunked.
        var chunked = BodyPublishers.fromPublisher(BodyPublishers.ofString(oversizedMessage(), StandardCharsets.UTF_8));

        Response response = api().post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .body("application/json", chunked)
                .send();

        assertProblem(response, 413);
    }

    @Test
    void anUnknownRouteIs404() {
        Account owner = newAccount();

        assertProblem(api().get("/nothing-here").send(), 404);
        assertProblem(api().post("/nothing-here").json(Map.of()).send(), 404);
        assertProblem(api().get("/sessions/1/nothing-here").as(owner).send(), 404);
        assertProblem(api().get("/users/me/more").as(owner).send(), 404);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "PUT;/sessions;GET,POST",
                "DELETE;/users/me;GET",
                "GET;/token;POST",
                "GET;/logout;POST",
                "GET;/users;POST",
                "PUT;/sessions/1;DELETE,GET,PATCH",
                "PUT;/sessions/1/messages;GET,POST",
                "OPTIONS;/sessions;GET,POST",
                "PUT;/;GET",
                "POST;/docs;GET"
            })
    void aWrongMethodIs405WithAllow(String method, String path, String allowed) {
        Account owner = newAccount();

        Response response = api().request(method, path).as(owner).send();

        assertProblem(response, 405, owner.accessToken());
        assertThat(response.header("Allow")).isPresent();
        // HEAD may come with GET; the refused method never does.
        assertThat(response.header("Allow").orElseThrow().split(",\\s*"))
                .contains(allowed.split(","))
                .doesNotContain(method);
    }

    @Test
    void failuresNeverEchoThePasswordOrTokenSent() {
        String token = "tok-secret-" + PASSWORD;

        assertInvalid(api().register("not-an-email", PASSWORD), "email", PASSWORD);
        assertInvalid(api().register("ok@example.com", PASSWORD.repeat(5)), "password", PASSWORD);
        assertUnauthorized(api().get("/users/me").bearer(token).send(), token);
        assertUnauthorized(api().post("/logout").bearer(token).send(), token);
        assertUnauthorized(
                api().get("/sessions").header("Authorization", "Basic " + token).send(), token);
        Response login = api().passwordGrant("ok@example.com", PASSWORD);
        assertThat(login.status()).isEqualTo(400);
        assertThat(login.body()).doesNotContain(PASSWORD);
        Response refresh = api().refreshGrant(token);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.body()).doesNotContain(token);
    }

    @Test
    void authenticatedAnswersAreNeverCached() {
        Account owner = newAccount();
        Session session = createSession(owner, "chat");

        for (Response response : Arrays.asList(
                api().get("/users/me").as(owner).send(),
                api().get("/sessions").as(owner).send(),
                api().get("/sessions/" + session.id()).as(owner).send(),
                api().post("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .json(new NewMessage("hi"))
                        .send(),
                api().get("/sessions/" + session.id() + "/messages").as(owner).send(),
                api().get("/sessions/0").as(owner).send())) {
            assertThat(response.header("Cache-Control")).as(response.body()).hasValue("no-store");
        }
    }

    /** A valid message body of about 70 KiB: over the limit only by its size. */
    private static String oversizedMessage() {
        return "{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
    }
}
