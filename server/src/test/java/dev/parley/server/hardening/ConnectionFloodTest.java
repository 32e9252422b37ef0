package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that do nothing cannot lock anybody out, on a server process with the launcher's heap
 * and its default 2,000-connection cap. First 2,010 connections that never send a byte (before, they
 * held the cap for ever: not even the idle timeout saw them), then 300 that declare 64 KiB bodies
 * and send none (before, they took all the room for bodies in flight, and every post, log-in and
 * registration got 503). Throughout, a client that opens a new connection for each request, and
 * posts a message with each, is answered within a second: the first post right after the 2,010
 * connections, and every one during the attack.
 */
class ConnectionFloodTest {

    private static final int SILENT_CONNECTIONS = 2_010;
    private static final int BODIES_NEVER_SENT = 300;
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(1);
    /** Longer than the 5 s a body waits for room before its 503. */
    private static final Duration EACH_ATTACK_FOR = Duration.ofSeconds(8);

    @TempDir
    Path dataDir;

    @Test
    void silentConnectionsAndBodiesNeverSentLeaveOthersServedWithinASecond() throws Exception {
        List<Socket> attack = Collections.synchronizedList(new ArrayList<>());
        try (ServerProcess server = ServerProcess.startOnLaunchersHeap(dataDir, ServerProcess.UNLIMITED_POSTING);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ApiClient api = new ApiClient(server::baseUri);
            Account client = api.newAccount();
            long session =
                    api.post("/sessions").as(client).send().json().path("id").asLong();
            NewConnectionClient prober = new NewConnectionClient(server.port(), client.accessToken(), session);
            AtomicBoolean probing = new AtomicBoolean(true);
            Future<List<Probe>> probes;
            try {
                List<Future<?>> opened = new ArrayList<>();
                for (int i = 0; i < SILENT_CONNECTIONS; i++) {
                    // At once: one that finds the accept queue full would hold up those after it.
                    opened.add(threads.submit(() -> attack.add(connect(server.port(), ""))));
                }
                awaitAll(opened);
                // The kernel has taken the connections; the server takes them from its accept queue as
                // fast as the machine lets it, and the first request waits behind them.
                Probe first = prober.post("{\"text\":\"first\"}");
                System.out.println(
                        "ConnectionFloodTest: the first request after the 2,010 connections took " + first.took());
                assertThat(first.status()).isEqualTo(201);
                assertThat(first.took())
                        .as("the first post after the silent connections")
                        .isLessThan(ANSWERED_WITHIN);
                probes = threads.submit(() -> prober.probeWhile(probing));
                Thread.sleep(EACH_ATTACK_FOR);
                for (int i = 0; i < BODIES_NEVER_SENT; i++) {
                    attack.add(connect(
                            server.port(),
                            "POST /users HTTP/1.1\r\nHost: parley\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 65536\r\n\r\n"));
                }
                Thread.sleep(EACH_ATTACK_FOR);
            } finally {
                probing.set(false);
            }

            List<Probe> answered = probes.get();
            List<Duration> took = answered.stream().map(Probe::took).sorted().toList();
            System.out.println("ConnectionFloodTest: " + answered.size() + " posts during the attack, median "
                    + took.get(took.size() / 2) + ", slowest " + took.getLast());
            assertThat(answered).as("requests made during the attack").hasSizeGreaterThan(20);
            assertThat(answered)
                    .as("each answered 201")
                    .allSatisfy(probe -> assertThat(probe.status()).isEqualTo(201));
            // Before, every one of them waited for the 1-minute idle timeout, or got 503 after 5 s.
            assertThat(took.getLast()).as("the slowest post during the attack").isLessThan(ANSWERED_WITHIN);
            assertThat(server.isAlive())
                    .as("the server; its output:\n" + server.output())
                    .isTrue();
        } finally {
            closeAll(attack);
        }
    }

    /** The answer to one request of the client, and how long it took from connecting. */
    record Probe(int status, Duration took) {}

    /** A client that opens a new connection for each request, as many clients behind proxies do. */
    private record NewConnectionClient(int port, String token, long session) {

        List<Probe> probeWhile(AtomicBoolean going) throws IOException, InterruptedException {
            List<Probe> probes = new ArrayList<>();
            while (going.get()) {
                probes.add(post("{\"text\":\"still served " + probes.size() + "\"}"));
                Thread.sleep(200);
            }
            return probes;
        }

        private Probe post(String json) throws IOException {
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                // Past the bound only to see by how much; a refused or dropped connection fails the test.
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /sessions/" + session + "/messages HTTP/1.1\r\nHost: parley\r\nConnection: close\r\n"
                                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + json.length() + "\r\n\r\n" + json)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                int status = statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9)) : -1;
                return new Probe(status, Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    /** A connection that has sent {@code request} (perhaps nothing) and will send and read nothing more. */
    private static Socket connect(int port, String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get();
        }
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
