package dev.parley.cli;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.client.MessageStream;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The workload the server's AOT start-up cache is trained on (cli/src/build/train-startup-cache):
 * from JDK 25 on the cache also holds the method profiles of its training run (JEP 515), and the JIT
 * compiles from them as soon as the server starts, so the server reaches its steady speed sooner the
 * more of its everyday work the training ran. Several users at once post, read, list, edit, delete,
 * search and follow a shared session's event stream, a few thousand requests in all, against the
 * throwaway server of the training (its limits on posts, searches and registrations lifted).
 *
 * <p>Usage: {@code ServerTraining URL}. Any failure ends it with a stack trace and exit status 1:
 * the training goes on without it, and the cache holds less.
 */
final class ServerTraining {

    private static final int USERS = 16;
    private static final int ROUNDS = 400;
    private static final String PASSWORD = "training-password";

    private ServerTraining() {}

    public static void main(String[] args) throws Exception {
        ServerUrl server = ServerUrl.parse(args[0]);
        ParleyClient anonymous = ParleyClient.anonymous(server);
        List<ParleyClient> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String email = "server-training-" + i + "@example.com";
            anonymous.register(email, PASSWORD);
            String token = anonymous.logIn(email, PASSWORD).accessToken();
            users.add(ParleyClient.create(server, TokenStore.fixed(token), Clock.systemUTC()));
        }
        Session shared = users.getFirst().createSession("Training, together");
        for (int i = 1; i < USERS; i++) {
            users.getFirst().addMember(shared.id(), "server-training-" + i + "@example.com");
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                MessageStream stream = users.getFirst().events(shared.id(), null)) {
            threads.submit(() -> stream.forEach(event -> {}));
            List<Future<?>> work = new ArrayList<>();
            for (ParleyClient user : users) {
                work.add(threads.submit(() -> {
                    chat(user, shared);
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } // the stream closes first, which ends its reader, and then the threads are done
    }

    /**
     * One user's share: everyday requests, most of them posts and reads, taking turns between the
     * shared session and the user's own, so that each sees every kind.
     */
    private static void chat(ParleyClient user, Session shared) {
        Session own = user.createSession("Training");
        for (int round = 0; round < ROUNDS; round++) {
            Session session = round % 2 == 0 ? own : shared;
            Message posted = user.postMessage(
                    session.id(), "training message " + round, UUID.randomUUID().toString());
            user.messages(session.id(), null, null, 50);
            user.me();
            if (round % 3 == 0) {
                user.listSessions(null, null);
                user.markRead(session.id(), posted.id());
            }
            if (round % 5 == 0) {
                user.editMessage(session.id(), posted.id(), "training message " + round + ", edited");
                user.postMessage(
                        session.id(),
                        "an answer",
                        posted.id(),
                        UUID.randomUUID().toString());
            }
            if (round % 25 == 0) {
                user.search("training message", null, null, null);
                user.deleteMessage(session.id(), posted.id());
            }
        }
    }
}
