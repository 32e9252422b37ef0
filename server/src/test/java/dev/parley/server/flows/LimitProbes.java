package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The refusals a well-formed request meets when the server is full, for {@link DocumentedStatusFlows}:
 * the stream quotas, the room for bodies being read, the rate limits and the log-in throttle. Each
 * needs a server whose limits are set low enough to reach; the caller starts it.
 */
final class LimitProbes {

    private final AnsweredStatuses answered;
    private final TestServer server;
    private final ProbeAccounts accounts;

    LimitProbes(AnsweredStatuses answered, TestServer server, ProbeAccounts accounts) {
        this.answered = answered;
        this.server = server;
        this.accounts = accounts;
    }

    /** One stream held per user (the quota is 1), then a second: 429; three held on the server (its cap): 503. */
    void exceedStreamQuotas(DocumentedOperation operation) throws IOException {
        ProbeTarget own = accounts.freshTarget();
        accounts.addToSession(own, accounts.stranger());
        accounts.addToSession(own, accounts.fourth());
        List<InputStream> held = new ArrayList<>();
        try {
            for (Account holder : List.of(
                    accounts.owner(), accounts.owner(), accounts.member(), accounts.stranger(), accounts.fourth())) {
                HttpResponse<InputStream> response = AnsweredStatuses.exchange(
                        server, operation, own.path(operation), holder.accessToken(), Map.of(), ProbeBody.NONE);
                answered.record(operation, response);
                if (response.statusCode() == 200) {
                    held.add(response.body());
                } else {
                    response.body().close();
                }
            }
        } finally {
            for (InputStream stream : held) {
                stream.close();
            }
        }
    }

    /**
     * Two bodies sent in part and stalled hold most of the room for bodies being read; every
     * operation that takes a body then waits for room beside them, and is refused.
     */
    @SuppressWarnings("try") // the two sockets are held open, unused, for the whole probe
    void crowdBodyRoom(List<DocumentedOperation> operations) throws Exception {
        ProbeTarget own = accounts.freshTarget();
        String stalled = "{\"text\":\"" + "a".repeat(9_500) + "\"}";
        try (Socket first = startPost(own, stalled);
                Socket second = startPost(own, stalled)) {
            ProbeBody crowded = ProbeBody.json("{\"title\":\"" + "b".repeat(6_000) + "\"}");
            DocumentedOperation post = operations.stream()
                    .filter(o -> o.id().equals("postMessage"))
                    .findFirst()
                    .orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // The stalled bodies take their room once the server has read their bytes, which cannot be seen.
            while (send(post, own.path(post), crowded) != 503) {
                assertThat(System.nanoTime()).as("the room filled within 30 s").isLessThan(deadline);
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (DocumentedOperation operation : operations) {
                    if (operation.takesBody()) {
                        ProbeBody body =
                                operation.takesForm() ? ProbeBody.form("password=" + "c".repeat(6_000)) : crowded;
                        sent.add(pool.submit(() -> send(operation, own.path(operation), body)));
                    }
                }
                for (Future<Integer> status : sent) {
                    status.get();
                }
            }
        }
    }

    /**
     * Three of each operation from the owner, the log-in's with a wrong password: on a server whose
     * bursts are 1 (5 registrations) and whose throttle refuses an account after one failure.
     */
    void exhaustRateLimits(List<DocumentedOperation> operations) {
        // The target's session and message take the one session and message the owner may create.
        ProbeTarget own = accounts.freshTarget();
        for (DocumentedOperation operation : operations) {
            if (operation.method().equals("DELETE")) {
                continue; // the session must live on for the operations after
            }
            for (int i = 0; i < 3; i++) {
                send(
                        operation,
                        own.path(operation),
                        operation.takesForm()
                                ? ProbeBody.wrongPassword(accounts.fourth())
                                : ProbeBody.validFor(operation, accounts.owner()));
            }
            accounts.logInAgain();
        }
    }

    /** Sends {@code operation} as the owner. */
    private int send(DocumentedOperation operation, String path, ProbeBody body) {
        return answered.send(server, operation, path, accounts.owner().accessToken(), Map.of(), body);
    }

    private Socket startPost(ProbeTarget target, String body) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        OutputStream out = socket.getOutputStream();
        out.write(
                ("POST /sessions/" + target.sessionId() + "/messages HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer "
                                + accounts.owner().accessToken()
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body.substring(0, body.length() - 100))
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
