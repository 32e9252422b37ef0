package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog over one real server (SQLite): a client that opens a stream and stops reading
 * blocks the stream's writer in a write; once that write has taken the write timeout, the server
 * frees the stream's slot and closes its connection mid-answer, which is what makes the stalled
 * write fail. {@code StalledStreamFlows} goes further (token ends, both databases); it is outside
 * the package's mutation run.
 */
@Timeout(120)
class StalledStreamCutTest {

    /** Far beyond the second or so the server takes. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Far more than the client's and the server's socket buffers (a few KiB here) take. */
    private static final int MESSAGES = 30;

    private static final String TEXT = "x".repeat(3990);

    @Test
    void aStreamWhoseWriteStalledPastTheWriteTimeoutLosesItsSlotAndItsConnection() throws IOException {
        try (TestServer server = TestServer.start(Map.of(
                "parley.events.write-timeout",
                "PT1S",
                // A freed slot shows as a second stream opening.
                "parley.events.max-streams-per-user",
                "1",
                "server.connection-options.socket-send-buffer-size",
                "4096",
                "parley.limits.messages.burst",
                "1000"))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = api.post("/sessions")
                    .as(owner)
                    .json(new SessionTitle("Stalled"))
                    .send()
                    .as(Session.class);

            try (Socket stalled = openAndStopReading(server, owner.accessToken(), "/events")) {
                for (int i = 0; i < MESSAGES; i++) {
                    ApiClient.Response posted = api.post("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .json(new NewMessage(TEXT + " " + i))
                            .send();
                    assertThat(posted.status()).as(posted.body()).isEqualTo(201);
                }

                awaitFreeSlot(server, owner);
                assertClosedByTheServer(stalled);
            }
        }
    }

    /**
     * A raw connection that asks for {@code path}, reads the answer up to the stream's opening, then
     * never reads again; with a small receive window.
     */
    private static Socket openAndStopReading(TestServer server, String token, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        while (!(received.toString().startsWith("HTTP/1.1 200")
                && received.toString().contains("retry:")
                && received.toString().endsWith("\n\n"))) {
            int b = in.read();
            assertThat(b).as("the stream's answer, so far: " + received).isNotNegative();
            received.append((char) b);
        }
        return socket;
    }

    /** Tries to open a second stream until the server lets the owner have one: the stalled one is cut. */
    private static void awaitFreeSlot(TestServer server, Account owner) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try (EventStreamRecorder stream =
                    EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of())) {
                if (stream.status() == 200) {
                    return;
                }
                assertThat(stream.status()).as(stream.errorBody()).isEqualTo(429);
            }
            assertThat(System.nanoTime() - deadline)
                    .as("the stalled stream's slot freed within " + PATIENCE)
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /**
     * The stalled client, reading at last, gets what the kernel still held for it, then the end of the
     * connection (a close or a reset), not the end of the answer: the server cut it mid-write.
     */
    private static void assertClosedByTheServer(Socket stalled) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = stalled.getInputStream();
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
                // A stream left open would go on writing keep-alives for ever.
                assertThat(System.nanoTime() - deadline)
                        .as("the stalled connection still open after " + PATIENCE)
                        .isNegative();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the stalled connection was still open after " + PATIENCE, e);
        } catch (SocketException e) {
            // Reset by the server: closed as well.
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).doesNotEndWith("\r\n0\r\n\r\n");
    }
}
