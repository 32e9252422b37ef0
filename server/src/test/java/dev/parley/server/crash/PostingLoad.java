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
 * The load a crash test stops a server under: {@link #CLIENTS} clients posting messages with
 * {@code Idempotency-Key}s, each to its author's session, noting what became of every post. A client
 * stops at its first post that is not acknowledged: from then on the server is going away.
 */
final class PostingLoad {

    static final int CLIENTS = 32;
    /** Keeps every client's loop bounded, far above the posts a test waits for. */
    private static final int MAX_POSTS_PER_CLIENT = 5_000;
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
            return "post " + key + " by user " + author.account().user().id() + " to session " + author.session().id();
        }
    }

    /** A post answered 2xx, with the message the server said it stored. */
    record Acknowledged(Post post, Message message) {
    }

    /** A post answered with anything but 2xx. */
    record Refused(Post post, int status, String body) {
    }

    /** A post whose answer never came: the connection failed before or while it was sent or answered. */
    record Unanswered(Post post, String failure) {
    }

    private final ApiClient api;
    private final List<Author> authors;
    private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Refused> refused = new ConcurrentLinkedQueue<>();
    private final Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private int acknowledgedCount;
    private int running;

    private PostingLoad(ApiClient api, List<Author> authors) {
        this.api = api;
        this.authors = List.copyOf(authors);
    }

    /** Starts the clients; client {@code i} posts as {@code authors[i % authors.size()]}. */
    static PostingLoad start(ApiClient api, List<Author> authors) {
        PostingLoad load = new PostingLoad(api, authors);
        synchronized (load) {
            load.running = CLIENTS;
        }
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            load.clients.add(Thread.ofPlatform().name("posting-client-" + id).start(() -> load.runClient(id)));
        }
        return load;
    }

    /** Whether {@code count} posts were acknowledged; false when every client stopped before that. */
    synchronized boolean awaitAcknowledged(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (acknowledgedCount < count && running > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("only " + acknowledgedCount + " of " + count + " posts acknowledged within "
                        + WAIT_LIMIT);
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return acknowledgedCount >= count;
    }

    /** Waits until every client has stopped, as each does at its first post that is not acknowledged. */
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

    /** What the clients saw, for failure messages. */
    String summary() {
        return acknowledged.size() + " acknowledged, " + refused.size() + " refused " + refused.stream().limit(3).toList()
                + ", " + unanswered.size() + " unanswered " + unanswered.stream().limit(3).toList();
    }

    private void runClient(int client) {
        Author author = authors.get(client % authors.size());
        try {
            for (int n = 0; n < MAX_POSTS_PER_CLIENT; n++) {
                Post post = new Post(author, "client-" + client + "-post-" + n, "client " + client + " post " + n);
                if (!send(post)) {
                    return;
                }
            }
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    /** Sends one post and notes what became of it; false once the client should stop. */
    private boolean send(Post post) {
        Response response;
        try {
            response = post.send(api);
        } catch (UncheckedIOException e) {
            unanswered.add(new Unanswered(post, String.valueOf(e.getCause())));
            return false;
        }
        if (response.status() / 100 != 2) {
            refused.add(new Refused(post, response.status(), response.body()));
            return false;
        }
        acknowledged.add(new Acknowledged(post, response.as(Message.class)));
        synchronized (this) {
            acknowledgedCount++;
            notifyAll();
        }
        return true;
    }
}
