package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.StartedServer;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bodies being read at once share a bounded room (here 20,000 bytes), taken as their bytes
 * arrive: clients that declare bodies and send nothing hold none of it; clients that send most of
 * their bodies and stall hold what they sent, another body that does not fit beside them waits and
 * then gets 503 with Retry-After, and once the room is free again bodies are read as usual.
 */
class BodiesInFlightTest {

    private static final int ROOM = 20_000;
    private static final int LARGEST_BODY = 10_000;

    @RegisterExtension
    static final StartedServer started = StartedServer.with(Map.of(
            "parley.limits.max-body-bytes-in-flight",
            Integer.toString(ROOM),
            "parley.limits.max-body-bytes",
            Integer.toString(LARGEST_BODY),
            "parley.limits.messages.burst",
            TestServer.UNLIMITED,
            "parley.limits.messages.refill",
            TestServer.UNLIMITED));

    @Test
    void bodiesDeclaredAndNeverSentHoldNoRoom() throws IOException {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * ROOM / LARGEST_BODY; i++) {
                silent.add(startPost(LARGEST_BODY, ""));
            }
            // Each declared the largest body: counted as declared, they would take all the room.
            String largest = "{\"text\":\"" + "c".repeat(3900) + "\"}";
            for (int i = 0; i < 3; i++) {
                assertThat(post(largest).status()).isEqualTo(201);
            }
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatDoesNotFitBesideOnesBeingReadIs503UntilTheyAreDone() throws IOException {
        String slowBody = "{\"text\":\"" + "a".repeat(3990) + "\"}" + " ".repeat(LARGEST_BODY - 4002);
        int sentFirst = 9_000;
        try (Socket first = startPost(slowBody.length(), slowBody.substring(0, sentFirst));
                Socket second = startPost(slowBody.length(), slowBody.substring(0, sentFirst))) {
            String doesNotFit = "{\"text\":\"" + "b".repeat(3000) + "\"}" + " ".repeat(4000);
            Response refused = postUntilRefused(doesNotFit);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).contains("1");
            assertThat(post("{\"text\":\"fits\"}").status())
                    .as("a small body still fits")
                    .isEqualTo(201);

            for (Socket slow : List.of(first, second)) {
                slow.getOutputStream().write(slowBody.substring(sentFirst).getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                assertThat(new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 201");
            }
            assertThat(post(doesNotFit).status()).isEqualTo(201);
        }
    }

    /** A connection that has sent a post's headers, declaring {@code length}, and {@code start} of its body. */
    private Socket startPost(int length, String start) throws IOException {
        Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), started.server().port());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /sessions/" + started.sessionId() + "/messages HTTP/1.1\r\nHost: parley\r\n"
                        + "Authorization: Bearer " + started.owner().accessToken()
                        + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + length + "\r\n\r\n" + start)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /**
     * Posts {@code json} until it is refused: the slow bodies' room is taken once their bytes have
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
        return started.api()
                .post("/sessions/" + started.sessionId() + "/messages")
                .as(started.owner())
                .body("application/json", json)
                .send();
    }
}
