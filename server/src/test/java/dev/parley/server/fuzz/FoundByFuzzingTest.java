package dev.parley.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.OAuthError;
import dev.parley.api.Problem;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the fuzzing ({@link HostileInputSuite}) found answered with a 500, kept as plain examples:
 * each is now refused like any other bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FoundByFuzzingTest {

    private TestServer server;
    private ApiClient api;

    @BeforeAll
    void startServer() {
        server = TestServer.start();
        api = ApiClient.of(server);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    /** Helidon's media type parser throws on these; the header is the client's mistake all the same. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=\"", "application/x-www-form-urlencoded; charset=\""})
    void aContentTypeThatCannotBeParsedIsRefusedNotFailed(String contentType) {
        Response register = api.post("/users")
                .body(contentType, "{\"email\":\"someone@example.com\",\"password\":\"long enough\"}")
                .send();
        Response logIn = api.post("/token")
                .body(contentType, "username=someone%40example.com&password=long+enough")
                .send();

        assertThat(register.status()).as(register.body()).isEqualTo(415);
        assertThat(register.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(logIn.status()).as(logIn.body()).isEqualTo(400);
        assertThat(logIn.as(OAuthError.class).error()).isEqualTo("invalid_request");
    }

    /** Jackson reads bytes that start with zeros as UTF-32, and fails with no JsonProcessingException. */
    @Test
    void aTokenRequestOfBytesThatLookLikeUtf32IsAnInvalidRequest() {
        Response logIn = api.post("/token")
                .body("application/json", BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 9, 0}))
                .send();

        assertThat(logIn.status()).as(logIn.body()).isEqualTo(400);
        assertThat(logIn.as(OAuthError.class).error()).isEqualTo("invalid_request");
    }
}
