package dev.parley.server.crash;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The load a crash test stops a server under: {@link #CLIENTS} clients, most posting messages with
 * {@code Idempotency-Key}s to their author's session, optionally a few logging in over and over (a
 * log-in waits for bcrypt, so a stop is sure to find some in flight), each client noting what became
 * of every request. A client stops at its first request that is not answered 2xx: from then on the
 * server is going away.
 */
final class ClientLoad {

    static final int CLIENTS = 32;
    /** Keeps every client's loop bounded, far above the requests a test waits for. */
    private static final int MAX_REQUESTS_PER_CLIENT = 5_000;
    /** Only a hang reaches these bounds. */
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(120);

    /** One post as sent; sending it again is the retry a client makes with the same key. */
    record Post(Author author, String key, String text) {
        Response send(ApiClient api) {
            return api.post("/sessions/" + author.session().id() + "/messages")
                    .as(author.account())
                    .header("Idempotency-Key", key)
                    .json(new NewMessage(text))
                    .send();
        }

        @Override
        public String toString() {
            return "post " + key + " by user " + author.account().user().id() + " to session "
                    + author.session().id();
        }
    }

    /** A post answered 2xx, with the message the server said it stored. */
    record Acknowledged(Post post, Message message) {}

    /** A request answered with anything but 2xx. */
    record Refused(String request, int status, String body) {}

    /** A post whose answer never came: the connection failed before or while it was sent or answered. */
    record Unanswered(Post post, String failure) {}

    private final ApiClient api;
    private final List<Author> authors;
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Refused> refused = new ConcurrentLinkedQueue<>();
    private final Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private int acknowledgedCount;
    private int logInCount;
    private int running;

    private ClientLoad(ApiClient api, List<Author> authors) {
        this.api = api;
        this.authors = List.copyOf(authors);
    }

    /** Starts {@link #CLIENTS} clients that all post; client {@code i} as {@code authors[i % authors.size()]}. */
    static ClientLoad posting(ApiClient api, List<Author> authors) {
        return start(api, authors, 0);
    }

    /** As {@link #posting}, but the first {@code loggingIn} clients log in instead of posting. */
    static ClientLoad start(ApiClient api, List<Author> authors, int loggingIn) {
        ClientLoad load = new ClientLoad(api, authors);
        synchronized (load) {
            load.running = CLIENTS;
        }
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            Runnable work = id < loggingIn ? () -> load.logIn(id) : () -> load.post(id);
            load.clients.add(Thread.ofPlatform().name("client-" + id).start(() -> load.run(work)));
        }
        return load;
    }

    /** Whether {@code count} posts were acknowledged; false when every client stopped before that. */
    synchronized boolean awaitAcknowledged(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (acknowledgedCount < count && running > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(
                        "only " + acknowledgedCount + " of " + count + " posts acknowledged within " + WAIT_LIMIT);
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return acknowledgedCount >= count;
    }

    /** Waits until every client has stopped, as each does at its first request not answered 2xx. */
    void awaitStopped() throws InterruptedException {
        for (Thread client : clients) {
            if (!client.join(WAIT_LIMIT)) {
                throw new AssertionError(client.getName() + " did not stop within " + WAIT_LIMIT);
            }
        }
    }

    List<Acknowledged> acknowledged() {
        return List.copyOf(acknowledged);
    }

    List<Refused> refused() {
        return List.copyOf(refused);
    }

    List<Unanswered> unanswered() {
        return List.copyOf(unanswered);
    }

    /** How many log-ins were answered 200. */
    synchronized int logIns() {
        return logInCount;
    }

    /** What the clients saw, for failure messages. */
    synchronized String summary() {
        return acknowledged.size() + " posts acknowledged, " + logInCount + " log-ins, " + refused.size()
                + " refused " + refused.stream().limit(3).toList() + ", " + unanswered.size() + " posts unanswered "
                + unanswered.stream().limit(3).toList();
    }

    private void run(Runnable client) {
        try {
            client.run();
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    private void post(int client) {
        Author author = authors.get(client % authors.size());
        for (int n = 0; n < MAX_REQUESTS_PER_CLIENT; n++) {
            Post post = new Post(author, "client-" + client + "-post-" + n, "client " + client + " post " + n);
            Response response;
            try {
                response = post.send(api);
            } catch (UncheckedIOException e) {
                unanswered.add(new Unanswered(post, String.valueOf(e.getCause())));
                return;
            }
            if (response.status() / 100 != 2) {
                refused.add(new Refused(post.toString(), response.status(), response.body()));
                return;
            }
            acknowledged.add(new Acknowledged(post, response.as(Message.class)));
            synchronized (this) {
                acknowledgedCount++;
                notifyAll();
            }
        }
    }

    private void logIn(int client) {
        Author author = authors.get(client % authors.size());
        for (int n = 0; n < MAX_REQUESTS_PER_CLIENT; n++) {
            Response response;
            try {
                response = api.passwordGrant(
                        author.account().email(), author.account().password());
            } catch (UncheckedIOException e) {
                // Not noted: a log-in has no key to retry it by. The test counts the grants stored instead.
                return;
            }
            if (response.status() != 200) {
                refused.add(new Refused("log-in " + n + " of client " + client, response.status(), response.body()));
                return;
            }
            synchronized (this) {
                logInCount++;
            }
        }
    }
}
