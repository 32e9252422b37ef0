import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;

/**
 * Parley's fan-out benchmark (run by benchmark/fan-out): opens event streams, posts one message
 * every 10 ms, and measures each delivery's latency from just before its POST to its receipt. Every
 * stream counts the ids it received, and every post the id it was answered with, so a lost delivery
 * and a duplicate each show (counting deliveries alone, one would hide the other).
 *
 * <p>Scenarios: "one-session" (every stream follows one session) and "many-sessions" (one stream
 * per session, the posts going round the sessions). Streams are raw sockets read by virtual
 * threads, parsing chunked SSE by hand: the benchmark must cost the machine (which the server
 * shares) as little as it can. Usage: java FanOut.java URL PID STREAMS USERS SECONDS
 */
public final class FanOut {

    private static final Duration POST_INTERVAL = Duration.ofMillis(10);

    private final URI base;
    private final ParleyApi api;
    private final ServerStats server;
    private final int streams;
    private final int users;
    private final int seconds;
    private final List<String> tokens = new ArrayList<>();

    private FanOut(URI base, long serverPid, int streams, int users, int seconds) {
        this.base = base;
        this.api = new ParleyApi(base);
        this.server = new ServerStats(serverPid);
        this.streams = streams;
        this.users = users;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        FanOut bench = new FanOut(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        bench.setUp();
        bench.oneSession();
        // The server notices the closed streams at its next keep-alive (every second here).
        Thread.sleep(3_000);
        bench.manySessions();
    }

    private void setUp() throws Exception {
        String password = "fan-out-benchmark-password";
        long run = System.currentTimeMillis();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<String>> logins = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String email = "fan-out-" + run + "-" + i + "@example.com";
                logins.add(pool.submit(() -> {
                    api.call("POST", "/users", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", 201);
                    String answer = api.call("POST", "/token", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", 200);
                    return ParleyApi.first(ParleyApi.TOKEN, answer);
                }));
            }
            for (var login : logins) {
                tokens.add(login.get());
            }
        }
        log("%d users logged in", users);
    }

    /** Every stream follows one session, whose owner added every other user. */
    private void oneSession() throws Exception {
        String owner = tokens.getFirst();
        long session = Long.parseLong(ParleyApi.first(ParleyApi.ID, api.call("POST", "/sessions", owner, "{\"title\":\"fan-out\"}", 201)));
        for (int i = 1; i < users; i++) {
            String email = ParleyApi.first(ParleyApi.EMAIL, api.call("GET", "/users/me", tokens.get(i), null, 200));
            api.call("POST", "/sessions/" + session + "/members", owner, "{\"email\":\"" + email + "\"}", 201);
        }
        List<Stream> open = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            open.add(new Stream(tokens.get(i % users), session));
        }
        measure("one session, " + streams + " streams", open, n -> session, n -> owner, streams);
    }

    /** One stream per session, each session its own; the posts go round them. */
    private void manySessions() throws Exception {
        long[] sessions = new long[streams];
        String[] owners = new String[streams];
        List<Stream> open = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            owners[i] = tokens.get(i % users);
            sessions[i] = Long.parseLong(ParleyApi.first(ParleyApi.ID, api.call("POST", "/sessions", owners[i], "{\"title\":\"fan-out " + i + "\"}", 201)));
            open.add(new Stream(owners[i], sessions[i]));
        }
        measure(streams + " sessions, one stream each", open, n -> sessions[(int) (n % streams)],
                n -> owners[(int) (n % streams)], 1);
    }

    /** Posts one message per interval; each reaches {@code streamsPerMessage} of the open streams. */
    private void measure(String scenario, List<Stream> open, LongUnaryOperator sessionOf,
            LongFunction<String> posterOf, int streamsPerMessage) throws Exception {
        CountDownLatch connected = new CountDownLatch(open.size());
        for (Stream stream : open) {
            Thread.ofVirtual().start(() -> stream.run(connected));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams did not connect: " + connected.getCount() + " left");
        }
        long rssOpen = server.rssKb();
        log("%s: %d streams open, server RSS %d MB", scenario, open.size(), rssOpen / 1024);
        AtomicLong posted = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        long[] postNanos = new long[seconds * 1000 / (int) POST_INTERVAL.toMillis() + 1];
        AtomicInteger postCount = new AtomicInteger();
        long cpuBefore = server.cpuTicks();
        long warmupPosts = 300;
        long total = warmupPosts + seconds * 1000L / POST_INTERVAL.toMillis();
        // The ids of the measured posts answered 201, by session: what each stream of it must receive.
        Map<Long, BitSet> posts = new ConcurrentHashMap<>();
        var poster = Executors.newSingleThreadScheduledExecutor();
        try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch done = new CountDownLatch(1);
            poster.scheduleAtFixedRate(() -> {
                long n = posted.getAndIncrement();
                if (n >= total) {
                    done.countDown();
                    return;
                }
                sends.submit(() -> {
                    try {
                        long start = System.nanoTime();
                        String text = (n < warmupPosts ? "w" : "t") + "=" + start;
                        long session = sessionOf.applyAsLong(n);
                        String answer = api.call("POST", "/sessions/" + session + "/messages", posterOf.apply(n),
                                "{\"text\":\"" + text + "\"}", 201);
                        if (n >= warmupPosts) {
                            postNanos[postCount.getAndIncrement()] = System.nanoTime() - start;
                            BitSet ids = posts.computeIfAbsent(session, s -> new BitSet());
                            synchronized (ids) {
                                ids.set(Math.toIntExact(Long.parseLong(ParleyApi.first(ParleyApi.ID, answer))));
                            }
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                });
            }, 0, POST_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
            done.await();
        } finally {
            poster.shutdownNow();
        }
        // Let the last deliveries arrive.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && Delivery.count(open, posts).missing() > 0) {
            Thread.sleep(50);
        }
        Delivery delivery = Delivery.count(open, posts);
        long rssEnd = server.rssKb();
        double cpuSeconds = (server.cpuTicks() - cpuBefore) / 100.0;
        open.forEach(Stream::close);
        long[] postLatencies = Arrays.stream(postNanos, 0, postCount.get()).sorted().toArray();
        long[] latencies = open.stream().flatMapToLong(s -> Arrays.stream(s.latencies())).sorted().toArray();
        long ended = open.stream().filter(Stream::endedEarly).count();
        System.out.printf("%n%s: %d messages posted (1 per %d ms, %d failed), %d of %d deliveries received%n",
                scenario, total - warmupPosts, POST_INTERVAL.toMillis(), failed.get(), delivery.received(),
                delivery.expected());
        System.out.printf("  counted by message id: %d missing, %d duplicated, %d not answered to their poster%n",
                delivery.missing(), delivery.duplicated(), delivery.unexpected());
        System.out.printf("  delivery latency (POST sent to event received): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
        System.out.printf("  of which the POST itself (stored and fsynced): p50 %.1f ms, p99 %.1f ms%n",
                percentile(postLatencies, 50), percentile(postLatencies, 99));
        System.out.printf("  server CPU: %.1f s over the run (%.0f%% of one core)%n",
                cpuSeconds, 100 * cpuSeconds / (seconds + 3.0));
        System.out.printf("  server RSS: %d MB with the streams open, %d MB at the end, peak %d MB; streams ended early: %d%n",
                rssOpen / 1024, rssEnd / 1024, server.peakRssKb() / 1024, ended);
    }

    /**
     * Deliveries of measured posts counted by id over every stream: {@code expected} the ids posted
     * to the stream's session, {@code received} the distinct ids it got, {@code missing} those it did
     * not get, {@code duplicated} the receipts of an id it had already, {@code unexpected} the ids
     * whose post was never answered 201 (a failed POST that was stored all the same).
     */
    private record Delivery(long expected, long received, long missing, long duplicated, long unexpected) {
        static Delivery count(List<Stream> open, Map<Long, BitSet> posts) {
            long expected = 0;
            long received = 0;
            long missing = 0;
            long duplicated = 0;
            long unexpected = 0;
            for (Stream stream : open) {
                BitSet posted = posts.getOrDefault(stream.session, new BitSet());
                BitSet got;
                synchronized (posted) {
                    posted = (BitSet) posted.clone();
                }
                synchronized (stream) {
                    got = (BitSet) stream.received.clone();
                    duplicated += stream.duplicates;
                }
                expected += posted.cardinality();
                received += got.cardinality();
                BitSet notGot = (BitSet) posted.clone();
                notGot.andNot(got);
                missing += notGot.cardinality();
                got.andNot(posted);
                unexpected += got.cardinality();
            }
            return new Delivery(expected, received, missing, duplicated, unexpected);
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    private static void log(String format, Object... args) {
        System.err.printf("[fan-out] " + format + "%n", args);
    }

    /** One event stream on its own socket; records the id and latency of every measured message. */
    private final class Stream {
        private final String token;
        private final long session;
        private final String path;
        private final Socket socket = new Socket();
        private long[] latencies = new long[1024];
        private int count;
        private final BitSet received = new BitSet();
        private long duplicates;
        private volatile boolean closing;
        private volatile boolean endedEarly;

        Stream(String token, long session) {
            this.token = token;
            this.session = session;
            this.path = "/sessions/" + session + "/events";
        }

        void run(CountDownLatch connected) {
            try {
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                String status = line(in);
                if (!status.contains(" 200")) {
                    throw new IllegalStateException(path + ": " + status);
                }
                while (!line(in).isEmpty()) {
                    // Response headers: the body is chunked.
                }
                connected.countDown();
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                byte[] chunk = new byte[65536];
                while (true) {
                    int size = Integer.parseInt(line(in).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    if (size > chunk.length) {
                        chunk = new byte[size];
                    }
                    in.readNBytes(chunk, 0, size);
                    pending.write(chunk, 0, size);
                    line(in);
                    events(pending);
                }
                endedEarly = !closing;
            } catch (IOException e) {
                endedEarly = !closing;
            } catch (RuntimeException e) {
                System.err.println("[fan-out] stream failed: " + e.getMessage());
                endedEarly = true;
            }
        }

        /** Takes each complete line out of {@code pending}, timing the data lines of measured posts. */
        private void events(ByteArrayOutputStream pending) {
            long now = System.nanoTime();
            String text = pending.toString(StandardCharsets.UTF_8);
            int start = 0;
            int end;
            while ((end = text.indexOf('\n', start)) >= 0) {
                int mark = text.indexOf("\"text\":\"t=", start);
                if (mark >= 0 && mark < end) {
                    int from = mark + 10;
                    long sent = Long.parseLong(text.substring(from, text.indexOf('"', from)));
                    record(Long.parseLong(ParleyApi.first(ParleyApi.ID, text.substring(start, end))), now - sent);
                }
                start = end + 1;
            }
            pending.reset();
            pending.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        }

        private synchronized void record(long id, long nanos) {
            if (received.get(Math.toIntExact(id))) {
                duplicates++;
            }
            received.set(Math.toIntExact(id));
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        synchronized long[] latencies() {
            return Arrays.copyOf(latencies, count);
        }

        boolean endedEarly() {
            return endedEarly;
        }

        void close() {
            closing = true;
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that was wanted.
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("end of stream");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
