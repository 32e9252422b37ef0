package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that sends nothing, or trickles its request (slowloris), has its connection closed once
 * the configured time is up, whichever part it trickles: the request line, the headers or the body. The server here
 * allows one second for each; the clients send a byte every 300 ms and would need a minute to finish.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientTest {

    /** How long a test waits to see the connection closed: far beyond the one-second limits. */
    private static final int PATIENCE_MILLIS = 30_000;

    private static final int BYTES_TO_TRICKLE = 200;

    private TestServer server;
    private ScheduledExecutorService trickler;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of(
                "server.idle-connection-timeout", "PT1S",
                "server.idle-connection-period", "PT1S",
                "parley.limits.headers-timeout", "PT1S",
                "parley.limits.body-timeout", "PT1S"));
        trickler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void stop() {
        trickler.shutdownNow();
        server.close();
    }

    /** The deadline for a connection's first byte: the idle-connection timeout (a minute by default). */
    @Test
    void aConnectionThatNeverSendsAByteIsClosed() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            assertThat(readUntilClosed(socket.getInputStream()))
                    .as("what the server sent before closing")
                    .isEmpty();
        }
    }

    @Test
    void aTrickledRequestLineIsCut() throws IOException {
        assertCutWhileTrickling("", "GET /users/me?padding=" + "a".repeat(BYTES_TO_TRICKLE));
    }

    @Test
    void trickledHeadersAreCut() throws IOException {
        assertCutWhileTrickling(
                "GET /users/me HTTP/1.1\r\nHost: parley\r\n", "X-Padding: " + "a".repeat(BYTES_TO_TRICKLE));
    }

    @Test
    void aTrickledBodyIsCut() throws IOException {
        String body = "{\"email\":\"slow@example.com\",\"password\":\"" + "a".repeat(BYTES_TO_TRICKLE) + "\"}";
        assertCutWhileTrickling(
                "POST /users HTTP/1.1\r\nHost: parley\r\nContent-Type: application/json\r\n" + "Content-Length: "
                        + body.length() + "\r\n\r\n",
                body);
    }

    /** Sends {@code head} at once and {@code trickle} a byte at a time; the server must close before the end. */
    private void assertCutWhileTrickling(String head, String trickle) throws IOException {
        byte[] slow = trickle.getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var sending = trickler.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(slow[sent.get()]);
                            out.flush();
                            sent.incrementAndGet();
                        } catch (IOException | ArrayIndexOutOfBoundsException e) {
                            throw new IllegalStateException("stop sending", e);
                        }
                    },
                    0,
                    300,
                    TimeUnit.MILLISECONDS);
            try {
                assertThat(readUntilClosed(socket.getInputStream()))
                        .as("what the server sent before closing")
                        .isEmpty();
            } finally {
                sending.cancel(false);
            }
        }
        assertThat(sent.get()).as("bytes trickled before the cut").isLessThan(slow.length);
    }

    /** Whatever arrives until the server closes the connection; fails if it is still open after the patience. */
    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder received = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                received.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + PATIENCE_MILLIS + " ms", e);
        } catch (SocketException e) {
            // Reset by the server: closed as well.
        }
        return received.toString();
    }
}
