package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that opens a stream and then stops reading (its TCP window at zero) blocks the stream's
 * writer in a write. The server must still end that stream within seconds, free its slot (its user,
 * allowed one stream here, can open another) and count why: when the write has stalled past
 * {@code parley.events.write-timeout}, when the stream's access token expires, and when its user
 * logs out. The stalled client here never reads a byte after the stream's opening.
 */
abstract class StalledStreamFlows extends FlowSuite {

    /** Far beyond what the server takes: a second or so after the stall, the expiry or the log-out. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * Messages of the longest text (~120 KB): more than the client's and the server's socket buffers
     * take (~16 KiB), less than the stream's own buffer (256 KiB), so that a stream falls behind only
     * where the test makes that buffer small.
     */
    private static final int MESSAGES = 30;

    private static final String TEXT = "x".repeat(3990);

    @Test
    void aStreamThatFellBehindAndStalledIsEndedAndFreesItsSlot() throws IOException {
        try (TestServer server = servers()
                .start(settings(Map.of("parley.events.buffer-size", "8", "parley.events.write-timeout", "PT1S")))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);

            Socket stalled = openAndStopReading(server, owner.accessToken(), "/sessions/" + session.id() + "/events");
            try (stalled) {
                postMany(api, owner.accessToken(), session.id());

                try (EventStreamRecorder fresh = awaitNewStream(server, owner::accessToken)) {
                    assertThat(ended(server, "fell_behind"))
                            .as("counted once, by the fan-out or the watchdog")
                            .isEqualTo(1);
                    assertDelivered(api, owner.accessToken(), session.id(), fresh);
                }
                // Not asserted closed: on a busy machine the frames may pile up before the writer stalls,
                // and then its end event fits the socket buffers and the stream ends as it always did.
            }
        }
    }

    @Test
    void aStalledStreamThatKeptUpIsEndedOnceItsWriteTimesOut() throws IOException {
        try (TestServer server = servers().start(settings(Map.of("parley.events.write-timeout", "PT1S")))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);

            try (Socket stalled = openAndStopReading(server, owner.accessToken(), "/events")) {
                postMany(api, owner.accessToken(), session.id());

                try (EventStreamRecorder fresh = awaitNewStream(server, owner::accessToken)) {
                    assertThat(ended(server, "fell_behind")).isEqualTo(1);
                    assertDelivered(api, owner.accessToken(), session.id(), fresh);
                }
                assertClosedByTheServer(stalled);
            }
        }
    }

    @Test
    void aStalledStreamIsEndedWhenItsTokenExpires() throws IOException {
        // Time enough to open the stream and stall it before the token expires; the writes never time out.
        try (TestServer server = servers()
                .start(settings(
                        Map.of("parley.auth.access-token-ttl", "PT5S", "parley.events.write-timeout", "PT10M")))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);
            String expiring = api.logIn(owner.email(), owner.password()).accessToken();

            try (Socket stalled = openAndStopReading(server, expiring, "/sessions/" + session.id() + "/events")) {
                postMany(api, expiring, session.id());

                try (EventStreamRecorder fresh = awaitNewStream(server, () -> newLogIn(api, owner))) {
                    assertThat(ended(server, "token_expired")).isEqualTo(1);
                    assertThat(ended(server, "fell_behind")).isZero();
                    assertDelivered(api, newLogIn(api, owner), session.id(), fresh);
                }
                assertClosedByTheServer(stalled);
            }
        }
    }

    @Test
    void aStalledStreamIsEndedWhenItsUserLogsOut() throws IOException {
        try (TestServer server = servers().start(settings(Map.of("parley.events.write-timeout", "PT10M")))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);

            try (Socket stalled = openAndStopReading(server, owner.accessToken(), "/events")) {
                postMany(api, owner.accessToken(), session.id());
                assertThat(api.post("/logout").as(owner).send().status()).isEqualTo(204);

                try (EventStreamRecorder fresh = awaitNewStream(server, () -> newLogIn(api, owner))) {
                    assertThat(ended(server, "logged_out")).isEqualTo(1);
                    assertThat(ended(server, "fell_behind")).isZero();
                    assertDelivered(api, newLogIn(api, owner), session.id(), fresh);
                }
                assertClosedByTheServer(stalled);
            }
        }
    }

    /**
     * One stream a user, so that a free slot shows as a second stream opening; a small send buffer, so
     * that the stream stalls after a few messages whatever the default; and room to post quickly.
     */
    private static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "parley.events.max-streams-per-user",
                "1",
                "server.connection-options.socket-send-buffer-size",
                "4096",
                "parley.limits.messages.burst",
                "1000"));
        settings.putAll(more);
        return settings;
    }

    /**
     * A raw connection that asks for {@code path}, reads the answer up to the stream's opening (so
     * the stream is open), then never reads again; and takes little itself (a small receive window).
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

    /** Posts far more than the stalled client's and the server's socket buffers take, as fast as it can. */
    private static void postMany(ApiClient api, String token, long sessionId) {
        for (int i = 0; i < MESSAGES; i++) {
            ApiClient.Response response = api.post("/sessions/" + sessionId + "/messages")
                    .bearer(token)
                    .json(new NewMessage(TEXT + " " + i))
                    .send();
            assertThat(response.status()).as(response.body()).isEqualTo(201);
        }
    }

    private static String newLogIn(ApiClient api, Account user) {
        return api.logIn(user.email(), user.password()).accessToken();
    }

    /**
     * A stream of all sessions opened with a {@code token}, once the server lets its user have one
     * again: the stalled stream held the user's one slot.
     */
    private static EventStreamRecorder awaitNewStream(TestServer server, Supplier<String> token) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            EventStreamRecorder stream = EventStreamRecorder.open(server, "/events", token.get(), Map.of());
            if (stream.status() == 200) {
                return stream;
            }
            stream.close();
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(429);
            assertThat(System.nanoTime() - deadline)
                    .as("the stalled stream's slot freed within " + PATIENCE)
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** A new message reaches the new stream: the stalled one cost nobody anything. */
    private static void assertDelivered(ApiClient api, String token, long sessionId, EventStreamRecorder stream) {
        Message posted = api.post("/sessions/" + sessionId + "/messages")
                .bearer(token)
                .json(new NewMessage("after"))
                .send()
                .as(Message.class);
        assertThat(stream.assertMessage()).isEqualTo(posted);
    }

    /**
     * The stalled client, reading at last, gets what the kernel still held for it, then the end of
     * the connection (a close or a reset), not the end of the answer: the server cut it mid-write.
     */
    private static void assertClosedByTheServer(Socket stalled) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = stalled.getInputStream().read(buffer);
                    read >= 0;
                    read = stalled.getInputStream().read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the stalled connection was still open after " + PATIENCE, e);
        } catch (SocketException e) {
            // Reset by the server: closed as well.
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).doesNotEndWith("\r\n0\r\n\r\n");
    }

    /** Streams the server ended for {@code reason}, as its metrics say. */
    private static long ended(TestServer server, String reason) {
        String metrics = ApiClient.of(server).get("/observe/metrics").send().body();
        Matcher sample = Pattern.compile(
                        "(?m)^parley_events_streams_ended_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(sample.find())
                .as("parley_events_streams_ended_total for " + reason + " in:%n%s", metrics)
                .isTrue();
        return (long) Double.parseDouble(sample.group(1));
    }
}
