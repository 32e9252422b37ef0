package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.NewMessage;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything that makes a server hold memory for a client, at once, against a server process with
 * the launcher's heap and settings (jvm-options), which exits if it runs out: more connections than
 * it accepts, each having sent a request; streams that never read, on sessions of the longest texts
 * while more are posted; pages of the longest texts asked for over and over; bodies declared large
 * and never sent. The server must still be running afterwards and answer as usual. Before
 * connections, pages, stream buffers and bodies in flight were bounded, a few of these alone ran
 * the same heap out.
 */
class AbuseOnLaunchersHeapTest {

    /**
     * Far past the server's 2,000: the next 1,024 wait in the kernel's accept queue, and the rest
     * cannot connect at all while it is full (they give up after {@link #CONNECT_TIMEOUT_MILLIS}).
     */
    private static final int IDLE_CONNECTIONS = 3_500;

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int STREAM_ABUSERS = 4;
    private static final int STALLED_STREAMS_EACH = 32;
    private static final int TRICKLED_BODIES = 400;
    private static final int PAGE_READERS = 48;
    private static final String LONGEST_TEXT = "\u00e9".repeat(4000);

    @TempDir
    Path dataDir;

    @Test
    void theServerOutlivesEveryWayOfMakingItHoldMemoryAtOnce() throws Exception {
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicLong pagesRead = new AtomicLong();
        try (ServerProcess server = ServerProcess.startOnLaunchersHeap(dataDir, ServerProcess.UNLIMITED_POSTING)) {
            ApiClient api = new ApiClient(server::baseUri);
            List<Account> abusers = new ArrayList<>();
            List<Long> sessions = new ArrayList<>();
            for (int i = 0; i < STREAM_ABUSERS; i++) {
                Account abuser = api.newAccount();
                long session = api.post("/sessions")
                        .as(abuser)
                        .send()
                        .json()
                        .path("id")
                        .asLong();
                for (int m = 0; m < 40; m++) {
                    api.post("/sessions/" + session + "/messages")
                            .as(abuser)
                            .json(new NewMessage(LONGEST_TEXT))
                            .send();
                }
                abusers.add(abuser);
                sessions.add(session);
            }

            try (ExecutorService attackers = Executors.newVirtualThreadPerTaskExecutor()) {
                try {
                    for (int i = 0; i < TRICKLED_BODIES; i++) {
                        Account abuser = abusers.get(i % STREAM_ABUSERS);
                        sockets.add(
                                send(
                                        server,
                                        "POST /sessions/" + sessions.get(i % STREAM_ABUSERS) + "/messages HTTP/1.1\r\n"
                                                + "Host: parley\r\nAuthorization: Bearer " + abuser.accessToken()
                                                + "\r\n"
                                                + "Content-Type: application/json\r\nContent-Length: 65536\r\n\r\n{\"text\":\""));
                    }
                    for (int i = 0; i < STREAM_ABUSERS; i++) {
                        for (int s = 0; s < STALLED_STREAMS_EACH; s++) {
                            sockets.add(send(
                                    server,
                                    "GET /sessions/" + sessions.get(i) + "/events?after_id=0 HTTP/1.1\r\n"
                                            + "Host: parley\r\nAuthorization: Bearer "
                                            + abusers.get(i).accessToken() + "\r\n\r\n"));
                        }
                    }
                    for (int r = 0; r < PAGE_READERS; r++) {
                        Account reader = abusers.get(r % STREAM_ABUSERS);
                        String page =
                                "/sessions/" + sessions.get(r % STREAM_ABUSERS) + "/messages?limit=500&after_id=0";
                        attackers.submit(() -> {
                            while (attacking.get()) {
                                if (api.get(page).as(reader).send().status() == 200) {
                                    pagesRead.incrementAndGet();
                                }
                            }
                            return null;
                        });
                    }
                    for (int i = 0; i < STREAM_ABUSERS; i++) {
                        Account poster = abusers.get(i);
                        String messages = "/sessions/" + sessions.get(i) + "/messages";
                        attackers.submit(() -> {
                            while (attacking.get()) {
                                api.post(messages)
                                        .as(poster)
                                        .json(new NewMessage(LONGEST_TEXT))
                                        .send();
                            }
                            return null;
                        });
                    }
                    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                        // At once: a connection that finds the accept queue full would hold up those after it.
                        attackers.submit(() ->
                                sockets.add(send(server, "GET /observe/health HTTP/1.1\r\nHost: parley\r\n\r\n")));
                    }
                    Thread.sleep(15_000);

                    assertThat(server.isAlive())
                            .as("the server under abuse; its output:\n" + server.output())
                            .isTrue();
                    assertThat(sockets.size()).as("connections made, all told").isGreaterThan(2_500);
                } finally {
                    attacking.set(false);
                    closeAll(sockets);
                }
            }
            assertThat(pagesRead.get())
                    .as("pages of long texts read during the abuse")
                    .isPositive();
            Account newcomer = api.newAccount();
            long session =
                    api.post("/sessions").as(newcomer).send().json().path("id").asLong();
            assertThat(api.post("/sessions/" + session + "/messages")
                            .as(newcomer)
                            .json(new NewMessage("still here"))
                            .send()
                            .status())
                    .isEqualTo(201);
            assertThat(server.isAlive()).isTrue();
        }
    }

    /** A connection that has sent {@code request} and will read nothing. */
    private static Socket send(ServerProcess server, String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), CONNECT_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static void closeAll(List<Socket> sockets) {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing is all that is left to do with it.
                }
            }
        }
    }
}
