import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parley's soak run (benchmark/soak): steady mixed load for a number of minutes — posts, history
 * and session-list reads, and live event streams of every user — printing per minute the requests
 * served, errors, p99 latencies, events delivered and the server's memory, so that a leak or a
 * slowdown over time shows. At the end, every stream's deliveries are counted by message id against
 * the ids the posts were answered with: a lost event and a duplicate each show, where counting
 * deliveries alone lets one hide the other. Usage: java Soak.java URL PID MINUTES
 */
public final class Soak {

    private static final int USERS = 40;
    private static final int POSTS_PER_SECOND = 400;
    private static final int READS_PER_SECOND = 800;
    /**
     * Requests of the load in flight at once, as a pool of connections shared by many users would
     * allow. Without a bound the JDK's client opens a connection for every request that waits, and
     * a lag of a second turns into thousands of connections: a flood, not a steady load.
     */
    private static final int IN_FLIGHT = 256;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One minute's figures; replaced by a fresh one at each minute's end. */
    private static final class Minute {
        final List<Long> posts = new ArrayList<>();
        final List<Long> reads = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();

        synchronized void post(long nanos) {
            posts.add(nanos);
        }

        synchronized void read(long nanos) {
            reads.add(nanos);
        }
    }

    private final URI base;
    private final ParleyApi api;
    private final ServerStats server;
    private final int minutes;
    private final AtomicReference<Minute> minute = new AtomicReference<>(new Minute());
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong streamsEnded = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    /** The ids posts were answered with, by session. */
    private final Map<Long, BitSet> posted = new ConcurrentHashMap<>();
    private final List<Followed> followed = new ArrayList<>();

    /** One stream, the sessions it follows, and the ids it received (a repeated one counted apart). */
    private static final class Followed {
        final long[] sessions;
        final BitSet received = new BitSet();
        long duplicates;

        Followed(long... sessions) {
            this.sessions = sessions;
        }

        synchronized void received(long id) {
            if (received.get(Math.toIntExact(id))) {
                duplicates++;
            }
            received.set(Math.toIntExact(id));
        }
    }

    private Soak(URI base, long pid, int minutes) {
        this.base = base;
        this.api = new ParleyApi(base);
        this.server = new ServerStats(pid);
        this.minutes = minutes;
    }

    public static void main(String[] args) throws Exception {
        new Soak(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2])).run();
    }

    private void run() throws Exception {
        String[] tokens = new String[USERS];
        String[] emails = new String[USERS];
        long[] sessions = new long[USERS];
        long run = System.currentTimeMillis();
        for (int i = 0; i < USERS; i++) {
            emails[i] = "soak-" + run + "-" + i + "@example.com";
            String credentials = "{\"email\":\"" + emails[i] + "\",\"password\":\"soak-benchmark-password\"}";
            api.call("POST", "/users", null, credentials);
            tokens[i] = ParleyApi.first(ParleyApi.TOKEN, api.call("POST", "/token", null, credentials));
            sessions[i] = Long.parseLong(ParleyApi.first(ParleyApi.ID, api.call("POST", "/sessions", tokens[i], "{\"title\":\"soak " + i + "\"}")));
        }
        // Each session has its owner and the next three users; everyone follows all their sessions
        // and, separately, each session they are in.
        for (int i = 0; i < USERS; i++) {
            for (int k = 1; k <= 3; k++) {
                api.call("POST", "/sessions/" + sessions[i] + "/members", tokens[i],
                        "{\"email\":\"" + emails[(i + k) % USERS] + "\"}");
            }
        }
        for (int i = 0; i < USERS; i++) {
            long[] member = new long[4];
            for (int k = 0; k <= 3; k++) {
                member[k] = sessions[(i - k + USERS) % USERS];
                follow("/sessions/" + member[k] + "/events", tokens[i], new Followed(member[k]));
            }
            follow("/events", tokens[i], new Followed(member));
        }
        System.err.printf("[soak] %d users, %d streams; %d posts/s and %d reads/s for %d minutes%n",
                USERS, USERS * 5, POSTS_PER_SECOND, READS_PER_SECOND, minutes);
        System.out.printf("%6s %8s %8s %6s %12s %12s %10s %8s%n",
                "minute", "posts", "reads", "errors", "post p99 ms", "read p99 ms", "events", "RSS MB");
        long rssStart = server.rssKb();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicLong n = new AtomicLong();
            clock.scheduleAtFixedRate(() -> {
                long due = System.nanoTime();
                requests.submit(() -> {
                    int user = (int) (n.getAndIncrement() % USERS);
                    timed(due, () -> posted(sessions[user], api.call("POST", "/sessions/" + sessions[user] + "/messages",
                            tokens[user], "{\"text\":\"soak\"}")), true);
                });
            }, 0, 1_000_000_000L / POSTS_PER_SECOND, TimeUnit.NANOSECONDS);
            AtomicLong r = new AtomicLong();
            clock.scheduleAtFixedRate(() -> {
                long due = System.nanoTime();
                requests.submit(() -> {
                    long k = r.getAndIncrement();
                    int user = (int) (k % USERS);
                    String path = k % 4 == 0 ? "/sessions" : "/sessions/" + sessions[user] + "/messages";
                    timed(due, () -> api.call("GET", path, tokens[user], null), false);
                });
            }, 0, 1_000_000_000L / READS_PER_SECOND, TimeUnit.NANOSECONDS);
            long lastDelivered = 0;
            for (int m = 1; m <= minutes; m++) {
                Thread.sleep(60_000);
                Minute done = minute.getAndSet(new Minute());
                long events = delivered.get();
                long rss = serverRssKb();
                synchronized (done) {
                    System.out.printf("%6d %8d %8d %6d %12.1f %12.1f %10d %8d%n", m, done.posts.size(), done.reads.size(),
                            done.errors.get(), p99(done.posts), p99(done.reads), events - lastDelivered, rss / 1024);
                }
                lastDelivered = events;
            }
            clock.shutdownNow();
            requests.shutdownNow();
        }
        // The last posts' events are on their way; then every stream is held to what was posted.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && countDeliveries()[1] > 0) {
            Thread.sleep(100);
        }
        long[] ids = countDeliveries();
        System.out.printf("%ndeliveries counted by message id: %d expected, %d missing, %d duplicated, "
                + "%d of posts not answered 2xx%n", ids[0], ids[1], ids[2], ids[3]);
        System.out.printf("%nserver RSS: %d MB at the start of the load, %d MB at the end, peak %d MB; streams that ended: %d%n",
                rssStart / 1024, server.rssKb() / 1024, server.peakRssKb() / 1024, streamsEnded.get());
        System.exit(0);
    }

    /** The server's RSS; ends the run when the server has exited, as a soak must not see. */
    private long serverRssKb() {
        try {
            return server.rssKb();
        } catch (IOException e) {
            System.out.println("the server has exited: see benchmark/results/server-*.log");
            System.exit(1);
            return -1;
        }
    }

    /** Notes the id a post to {@code session} was answered with. */
    private void posted(long session, String answer) {
        long id = Long.parseLong(ParleyApi.first(ParleyApi.ID, answer));
        BitSet ids = posted.computeIfAbsent(session, s -> new BitSet());
        synchronized (ids) {
            ids.set(Math.toIntExact(id));
        }
    }

    /**
     * Over every stream: the deliveries expected (the ids posted to the sessions it follows), those
     * missing, those received twice or more, and those of posts never answered 2xx (timed out or cut
     * off, yet stored).
     */
    private long[] countDeliveries() {
        long expected = 0;
        long missing = 0;
        long duplicated = 0;
        long unexpected = 0;
        List<Followed> streams;
        synchronized (followed) {
            streams = List.copyOf(followed);
        }
        for (Followed stream : streams) {
            BitSet due = new BitSet();
            for (long session : stream.sessions) {
                BitSet ids = posted.getOrDefault(session, new BitSet());
                synchronized (ids) {
                    due.or(ids);
                }
            }
            BitSet got;
            synchronized (stream) {
                got = (BitSet) stream.received.clone();
                duplicated += stream.duplicates;
            }
            expected += due.cardinality();
            BitSet notGot = (BitSet) due.clone();
            notGot.andNot(got);
            missing += notGot.cardinality();
            got.andNot(due);
            unexpected += got.cardinality();
        }
        return new long[] {expected, missing, duplicated, unexpected};
    }

    private interface Call {
        void run() throws Exception;
    }

    /**
     * Runs one request of the load, at most {@link #IN_FLIGHT} at a time, and records its latency
     * from the moment it was due: time spent waiting for a free slot while the server lags counts.
     */
    private void timed(long due, Call call, boolean post) {
        try {
            inFlight.acquire();
            try {
                call.run();
            } finally {
                inFlight.release();
            }
            long nanos = System.nanoTime() - due;
            Minute now = minute.get();
            if (post) {
                now.post(nanos);
            } else {
                now.read(nanos);
            }
        } catch (Exception e) {
            minute.get().errors.incrementAndGet();
        }
    }

    /** Reads a stream on a virtual thread, counting the messages it delivers and noting their ids. */
    private void follow(String path, String token, Followed stream) {
        synchronized (followed) {
            followed.add(stream);
        }
        // From id 0: the load starts while the streams are still connecting, and a stream opened
        // without Last-Event-ID starts from the moment the server registers it, so the posts before
        // that were counted as missing (114 of 1.9 million in a run of 2026-12-07).
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Last-Event-ID", "0")
                .build();
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
                response.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        delivered.incrementAndGet();
                        stream.received(Long.parseLong(ParleyApi.first(ParleyApi.ID, line)));
                    }
                });
            } catch (Exception e) {
                // Counted below: a stream should not end during a soak.
            }
            streamsEnded.incrementAndGet();
        });
    }

    private static double p99(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1_000_000.0;
    }
}
