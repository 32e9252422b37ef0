package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Member;
import dev.parley.api.Message;
import dev.parley.api.NewMember;
import dev.parley.api.NewMessage;
import dev.parley.api.Problem;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;

/**
 * What every flow suite shares: the servers (supplied per database by {@link AbstractApiFlowTest}),
 * a client of the shared one, and the assertions on answers the whole API gives alike.
 */
abstract class FlowSuite {

    /** RFC 3339 UTC with milliseconds, as the OpenAPI document (META-INF/openapi.yaml) writes every time. */
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    protected abstract Servers servers();

    ApiClient api() {
        return ApiClient.of(servers().shared());
    }

    Account newAccount() {
        return api().newAccount();
    }

    Session createSession(Account owner, String title) {
        Response response =
                api().post("/sessions").as(owner).json(new SessionTitle(title)).send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Session.class);
    }

    Message postMessage(Account author, long sessionId, String text) {
        Response response = api().post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Message.class);
    }

    /** A session of {@code owner}'s on a server of its own (not the shared one), with the default title. */
    static Session createSession(TestServer server, Account owner) {
        return ApiClient.of(server).post("/sessions").as(owner).send().as(Session.class);
    }

    Member addMember(Account owner, long sessionId, Account member) {
        Response response = api().post("/sessions/" + sessionId + "/members")
                .as(owner)
                .json(new NewMember(member.email()))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Member.class);
    }

    Session session(Account viewer, long sessionId) {
        Response response = api().get("/sessions/" + sessionId).as(viewer).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(Session.class);
    }

    /** Opens an event stream of the shared server as {@code viewer}, with extra request headers. */
    EventStreamRecorder openStream(Account viewer, String path, Map<String, String> headers) {
        return EventStreamRecorder.open(servers().shared(), path, viewer.accessToken(), headers);
    }

    /** The OpenAPI document the shared server serves, as JSON. */
    JsonNode openApiDocument() {
        Response response = api().get("/openapi?format=JSON").send();
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /** The names of a JSON object's fields, to check a record's exact wire shape. */
    static List<String> fieldNames(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    /**
     * Asserts an RFC 9457 answer with {@code status}: problem+json with type, title, status and detail,
     * and none of {@code secrets} (passwords, tokens the request carried) anywhere in it.
     */
    static Problem assertProblem(Response response, int status, String... secrets) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        JsonNode body = response.json();
        assertThat(body.path("type").isTextual()).as("type in " + body).isTrue();
        assertThat(body.path("title").isTextual()).as("title in " + body).isTrue();
        assertThat(body.path("status").asInt()).as("status in " + body).isEqualTo(status);
        assertThat(body.path("detail").asText()).as("detail in " + body).isNotBlank();
        for (String secret : secrets) {
            assertThat(response.body()).doesNotContain(secret);
        }
        return response.problem();
    }

    /** A 422 naming {@code field} among its errors. */
    static Problem assertInvalid(Response response, String field, String... secrets) {
        Problem problem = assertProblem(response, 422, secrets);
        assertThat(problem.errors()).extracting(Problem.FieldError::field).contains(field);
        return problem;
    }

    /** RFC 6750: 401 with {@code WWW-Authenticate: Bearer}, as problem+json that does not echo the token. */
    static void assertUnauthorized(Response response, String... secrets) {
        assertProblem(response, 401, secrets);
        assertThat(response.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    /** RFC 6750 §3.1: no bearer token came, so the challenge names no error. */
    static void assertBareChallenge(Response response, String... secrets) {
        assertProblem(response, 401, secrets);
        assertThat(response.header("WWW-Authenticate")).hasValue("Bearer");
    }

    /** RFC 6750 §3.1: a bearer token came and was refused (invalid, expired, revoked), which the challenge says. */
    static void assertInvalidTokenChallenge(Response response, String... secrets) {
        assertProblem(response, 401, secrets);
        assertThat(response.header("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }
}
