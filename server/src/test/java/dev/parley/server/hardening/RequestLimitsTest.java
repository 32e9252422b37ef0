package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.Problem;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.StartedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests too large to read are refused with the status that says so, as problem+json, before they
 * cost the server more than their size: header sections, request lines and JSON values.
 */
class RequestLimitsTest {

    @RegisterExtension
    static final StartedServer started = StartedServer.withDefaults();

    @Test
    void headersOverTheLimitAre431() {
        Response response = started.api()
                .get("/users/me")
                .as(started.owner())
                .header("X-Padding", "a".repeat(9 * 1024))
                .send();

        assertProblem(response, 431);
    }

    @Test
    void headersJustUnderTheLimitPass() {
        Response response = started.api()
                .get("/users/me")
                .as(started.owner())
                .header("X-Padding", "a".repeat(7 * 1024))
                .send();

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void headersOverTheWebserversCapAre400() {
        Response response = started.api()
                .get("/users/me")
                .as(started.owner())
                .header("X-Padding", "a".repeat(20 * 1024))
                .send();

        assertProblem(response, 400);
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        Response response = started.api()
                .get("/users/me?padding=" + "a".repeat(9 * 1024))
                .as(started.owner())
                .send();

        assertProblem(response, 414);
    }

    @Test
    void aStringLongerThanAnyFieldTheApiTakesIs422NamingTheField() {
        String text = "a".repeat(Json.MAX_STRING_LENGTH + 1);

        Response response = postJson("{\"text\":\"" + text + "\"}");

        assertProblem(response, 422);
        assertThat(response.problem().errors())
                .extracting(Problem.FieldError::field)
                .containsExactly("text");
        assertThat(response.body()).doesNotContain(text);
    }

    @Test
    void aLongNameIsRefusedUnread() {
        Response response = postJson("{\"" + "n".repeat(Json.MAX_STRING_LENGTH + 1) + "\":1,\"text\":\"hi\"}");

        assertProblem(response, 400);
    }

    @Test
    void aLongNumberIsRefusedUnread() {
        Response response = postJson("{\"ignored\":" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + ",\"text\":\"hi\"}");

        assertProblem(response, 400);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        int depth = Json.MAX_NESTING_DEPTH + 1;

        Response response = postJson("{\"ignored\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"text\":\"hi\"}");

        assertProblem(response, 400);
    }

    @Test
    void theLongestTextTheApiTakesIsStillRead() {
        Response response = postJson("{\"text\":\"" + "\\ud83d\\ude00".repeat(4000) + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private Response postJson(String json) {
        return started.api()
                .post("/sessions/" + started.sessionId() + "/messages")
                .as(started.owner())
                .body("application/json", json)
                .send();
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        Problem problem = response.problem();
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.detail()).isNotBlank();
    }
}
