package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.NewMessage;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bodies being read at once share a bounded room (here 1,000 bytes): a client that declares a
 * body and sends it slowly holds its share, another body that does not fit waits and then gets 503
 * with Retry-After, and once the room is free again bodies are read as usual.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodiesInFlightTest {

    private static final int ROOM = 1_000;

    private TestServer server;
    private ApiClient api;
    private Account account;
    private long sessionId;

    @BeforeAll
    void start() {
        // The room is at least one largest body, so the largest body is made smaller here too.
        server = TestServer.start(Map.of("parley.limits.max-body-bytes-in-flight", Integer.toString(ROOM),
                "parley.limits.max-body-bytes", Integer.toString(ROOM - 50)));
        api = ApiClient.of(server);
        account = api.newAccount();
        sessionId = api.post("/sessions").as(account).send().json().path("id").asLong();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aBodyThatDoesNotFitBesideOnesBeingReadIs503UntilTheyAreDone() throws IOException {
        String slowBody = "{\"text\":\"" + "a".repeat(ROOM - 100) + "\"}";
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /sessions/" + sessionId + "/messages HTTP/1.1\r\nHost: parley\r\n"
                    + "Authorization: Bearer " + account.accessToken() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + slowBody.length() + "\r\n\r\n" + slowBody.substring(0, 10))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response refused = postUntilRefused("{\"text\":\"" + "b".repeat(200) + "\"}");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).contains("1");
            assertThat(post("{\"text\":\"fits\"}").status()).as("a small body still fits").isEqualTo(201);

            out.write(slowBody.substring(10).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 201");
        }
        assertThat(post("{\"text\":\"" + "b".repeat(200) + "\"}").status()).isEqualTo(201);
    }

    /**
     * Posts {@code json} until it is refused: the slow body's room is taken once its headers have
     * been read, which the test cannot see; until then posts go through (and are stored, harmlessly).
     */
    private Response postUntilRefused(String json) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Response response;
        do {
            response = post(json);
        } while (response.status() == 201 && System.nanoTime() < deadline);
        return response;
    }

    private Response post(String json) {
        return api.post("/sessions/" + sessionId + "/messages").as(account).body("application/json", json).send();
    }
}
