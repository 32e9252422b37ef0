import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ceiling of Parley's post scenario (run by benchmark/run): the same durable work with nothing
 * around it. A minimal JDBC writer on an SQLite file with Parley's schema (its own Flyway scripts,
 * run as plain SQL, SQLite's own included: the full-text index's triggers index every message) and
 * Parley's settings (WAL, synchronous=FULL, foreign keys on) stores what a post
 * stores: the message row, the poster's read marker and read count (which checks membership), the
 * session's activity time and message count, and the id counter once per transaction. Clients (one
 * virtual thread each, one session each, seeded like the benchmark's) hand it posts and wait for the
 * commit; one writer thread commits whatever arrived together (at most 512, as Parley), with
 * statements prepared once. No HTTP, no JSON, no jOOQ, no savepoints.
 *
 * <p>Usage: java -cp sqlite-jdbc.jar Ceiling.java MIGRATIONS_DIR DATA_DIR CLIENTS SEED_MESSAGES WARMUP_S SECONDS
 * [without-search-index]
 * (MIGRATIONS_DIR: db/migration, beside which db/vendor/sqlite holds the scripts only SQLite runs;
 * without-search-index drops the full-text index's triggers, as {@code benchmark/run} does to the
 * server's database with the option of that name)
 * Prints one line: {@code CEILING_RESULT rps=... p50_ms=... p99_ms=... posts=... batches=...}.
 */
public final class Ceiling {

    private static final int MAX_BATCH = 512;

    /** One client's post to its own session, and how its client hears it was committed. */
    private record Post(long session, long user, String text, long createdAt, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Post> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private long batches;
    /** From when the writer times its steps: the measured part of the run (never, while seeding). */
    private volatile long timedFrom = Long.MAX_VALUE;
    /** The writer's time in each step over the measured part, and the posts and commits it covers. */
    private final long[] stepNanos = new long[Step.values().length];
    private long timedPosts;
    private long timedCommits;
    /** Whether the search index is kept: its new messages added before each commit, as Parley's writer does. */
    private final boolean searchIndex;

    private Ceiling(boolean searchIndex) {
        this.searchIndex = searchIndex;
    }

    /** What the writer does for each post, and once per transaction. */
    private enum Step { MARK_READ, TOUCH_SESSION, INSERT, INDEX, COUNTER, COMMIT }

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path dataDir = Path.of(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seed = Integer.parseInt(args[3]);
        int warmupSeconds = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        boolean withoutSearchIndex = args.length > 6 && args[6].equals("without-search-index");
        Files.createDirectories(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("ceiling.db");
        try (Connection writer = open(url)) {
            migrate(writer, migrations);
            if (withoutSearchIndex) {
                try (Statement sql = writer.createStatement()) {
                    for (String trigger : List.of("messages_fts_update", "messages_fts_delete")) {
                        sql.execute("DROP TRIGGER " + trigger);
                    }
                    sql.execute("DROP TABLE messages_fts");
                }
                writer.commit();
            }
            seed(writer, clients, seed, !withoutSearchIndex);
            new Ceiling(!withoutSearchIndex).run(writer, clients, warmupSeconds, seconds);
        }
    }

    /** Parley's SQLite settings for its writer connection (db.Database#connectionConfig), generated keys off too. */
    private static Connection open(String url) throws SQLException {
        Properties driver = new Properties();
        driver.setProperty("jdbc.get_generated_keys", "false");
        Connection connection = DriverManager.getConnection(url, driver);
        try (Statement sql = connection.createStatement()) {
            sql.execute("PRAGMA journal_mode=WAL");
            sql.execute("PRAGMA synchronous=FULL");
            sql.execute("PRAGMA foreign_keys=ON");
            sql.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * Parley's migrations in version order, the portable ones and SQLite's own, with the SQLite
     * spellings of their placeholders.
     */
    private static void migrate(Connection connection, Path migrations) throws IOException, SQLException {
        Map<String, String> placeholders = Map.of(
                "${identity}", "INTEGER PRIMARY KEY AUTOINCREMENT",
                "${message_id_high_water}", "(SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'messages')");
        List<Path> scripts;
        try (Stream<Path> files = Stream.concat(
                Files.list(migrations), Files.list(migrations.resolveSibling("vendor").resolve("sqlite")))) {
            scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
        try (Statement sql = connection.createStatement()) {
            for (Path script : scripts) {
                String text = String.join("\n", Files.readAllLines(script).stream()
                        .filter(line -> !line.strip().startsWith("--"))
                        .toList());
                for (var entry : placeholders.entrySet()) {
                    text = text.replace(entry.getKey(), entry.getValue());
                }
                // A trigger's body holds statements of its own: it ends with its END.
                String statement = "";
                for (String part : text.split(";")) {
                    statement += part + ";";
                    String upper = statement.strip().toUpperCase();
                    if (!upper.startsWith("CREATE TRIGGER") || upper.endsWith("END;")) {
                        if (!statement.replace(";", "").isBlank()) {
                            sql.execute(statement);
                        }
                        statement = "";
                    }
                }
            }
        }
        connection.commit();
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** Client n is user n, owner and member of session n, which holds {@code messages} messages. */
    private static void seed(Connection connection, int clients, int messages, boolean searchIndex) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement user = connection.prepareStatement(
                     "INSERT INTO users (id, email, email_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement session = connection.prepareStatement(
                     "INSERT INTO chat_sessions (id, user_id, title, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement member = connection.prepareStatement(
                     "INSERT INTO session_members (session_id, user_id, joined_at) VALUES (?, ?, ?)")) {
            for (long n = 1; n <= clients; n++) {
                String email = "ceiling-" + n + "@example.com";
                user.setLong(1, n);
                user.setString(2, email);
                user.setString(3, email);
                user.setString(4, "$2a$12$" + "x".repeat(53));
                user.setLong(5, now);
                user.executeUpdate();
                session.setLong(1, n);
                session.setLong(2, n);
                session.setString(3, "ceiling client " + n);
                session.setLong(4, now);
                session.setLong(5, now);
                session.executeUpdate();
                member.setLong(1, n);
                member.setLong(2, n);
                member.setLong(3, now);
                member.executeUpdate();
            }
        }
        connection.commit();
        try (Statements sql = new Statements(connection, searchIndex)) {
            for (int m = 1; m <= messages; m++) {
                List<Post> batch = new ArrayList<>();
                for (long n = 1; n <= clients; n++) {
                    batch.add(new Post(n, n, "seed message " + m + " of client " + n, now, new CompletableFuture<>()));
                }
                new Ceiling(searchIndex).commit(connection, batch, sql);
            }
        }
    }

    /** The statements of a post, prepared once, as Parley's writer keeps its own. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement readCounter;
        final PreparedStatement markRead;
        final PreparedStatement touchSession;
        final PreparedStatement insert;
        final PreparedStatement storeCounter;
        /** Null without the search index. */
        final PreparedStatement index;

        Statements(Connection connection, boolean searchIndex) throws SQLException {
            readCounter = connection.prepareStatement("SELECT last_id FROM message_ids");
            markRead = connection.prepareStatement("UPDATE session_members SET last_read_id = ?, read_count = "
                    + "(SELECT message_count + 1 FROM chat_sessions WHERE id = ?) WHERE session_id = ? AND user_id = ?");
            touchSession = connection.prepareStatement("UPDATE chat_sessions SET last_message_at = ?, "
                    + "last_activity_at = ?, message_count = message_count + 1 WHERE id = ?");
            // seq: a new message's place in the event stream is its id (V5), as Parley writes it.
            insert = connection.prepareStatement("INSERT INTO messages (id, seq, session_id, user_id, text, created_at, "
                    + "idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?)");
            storeCounter = connection.prepareStatement("UPDATE message_ids SET last_id = ?");
            // The transaction's new messages into the search index at once, before the commit (V8).
            index = searchIndex
                    ? connection.prepareStatement("INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages"
                            + " WHERE id > ? AND id <= ?")
                    : null;
        }

        @Override
        public void close() throws SQLException {
            for (Statement statement : List.of(readCounter, markRead, touchSession, insert, storeCounter)) {
                statement.close();
            }
            if (index != null) {
                index.close();
            }
        }
    }

    /** Stores {@code batch} in one transaction; every post is a member's, so none fails. */
    private void commit(Connection connection, List<Post> batch, Statements sql) throws SQLException {
        long started = System.nanoTime();
        boolean timed = started >= timedFrom;
        long id;
        try (ResultSet counter = sql.readCounter.executeQuery()) {
            counter.next();
            id = counter.getLong(1);
        }
        long before = id;
        long mark = time(timed, Step.COUNTER, started);
        for (Post post : batch) {
            id++;
            sql.markRead.setLong(1, id);
            sql.markRead.setLong(2, post.session());
            sql.markRead.setLong(3, post.session());
            sql.markRead.setLong(4, post.user());
            if (sql.markRead.executeUpdate() != 1) {
                throw new IllegalStateException("client " + post.user() + " is not a member of its session");
            }
            mark = time(timed, Step.MARK_READ, mark);
            sql.touchSession.setLong(1, post.createdAt());
            sql.touchSession.setLong(2, post.createdAt());
            sql.touchSession.setLong(3, post.session());
            sql.touchSession.executeUpdate();
            mark = time(timed, Step.TOUCH_SESSION, mark);
            sql.insert.setLong(1, id);
            sql.insert.setLong(2, id);
            sql.insert.setLong(3, post.session());
            sql.insert.setLong(4, post.user());
            sql.insert.setString(5, post.text());
            sql.insert.setLong(6, post.createdAt());
            sql.insert.setNull(7, Types.VARCHAR);
            sql.insert.executeUpdate();
            mark = time(timed, Step.INSERT, mark);
        }
        if (sql.index != null) {
            sql.index.setLong(1, before);
            sql.index.setLong(2, id);
            sql.index.executeUpdate();
            mark = time(timed, Step.INDEX, mark);
        }
        sql.storeCounter.setLong(1, id);
        sql.storeCounter.executeUpdate();
        mark = time(timed, Step.COUNTER, mark);
        connection.commit();
        time(timed, Step.COMMIT, mark);
        if (timed) {
            timedPosts += batch.size();
            timedCommits++;
        }
        batches++;
        for (Post post : batch) {
            post.done().complete(null);
        }
    }

    /** Adds the time since {@code since} to {@code step} when {@code timed}; returns now. */
    private long time(boolean timed, Step step, long since) {
        long now = System.nanoTime();
        if (timed) {
            stepNanos[step.ordinal()] += now - since;
        }
        return now;
    }

    private void run(Connection connection, int clients, int warmupSeconds, int seconds) throws Exception {
        Thread writer = Thread.ofPlatform().name("ceiling-writer").start(() -> {
            List<Post> batch = new ArrayList<>(MAX_BATCH);
            try (Statements sql = new Statements(connection, searchIndex)) {
                while (!stopping || !queue.isEmpty()) {
                    Post first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    commit(connection, batch, sql);
                    batch.clear();
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long measureFrom = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        timedFrom = measureFrom;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 1; c <= clients; c++) {
            long client = c;
            long[] mine = new long[4_000_000 / clients];
            latencies.add(mine);
            threads.add(Thread.ofVirtual().start(() -> {
                int count = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= measureTo) {
                        break;
                    }
                    Post post = new Post(client, client, "benchmark message from client " + client,
                            System.currentTimeMillis(), new CompletableFuture<>());
                    queue.add(post);
                    post.done().join();
                    long end = System.nanoTime();
                    if (start >= measureFrom && end <= measureTo && count < mine.length - 1) {
                        mine[++count] = end - start;
                    }
                }
                mine[0] = count;
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        stopping = true;
        writer.join();
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, i, (int) l[0]);
            i += (int) l[0];
        }
        Arrays.sort(all);
        System.out.printf("CEILING_RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f posts=%d batches=%d%n",
                total / (double) seconds, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, total, batches);
        // The writer's time per post in each step (the per-transaction ones shared by the batch's posts),
        // including what SQLite does inside it: the full-text index's triggers run inside the INSERT,
        // its new segment is written inside the COMMIT, before the WAL is synced.
        StringBuilder steps = new StringBuilder("CEILING_STEPS");
        long posts = Math.max(1, timedPosts);
        for (Step step : Step.values()) {
            steps.append(String.format(" %s_us=%.1f", step.name().toLowerCase(), stepNanos[step.ordinal()] / 1e3 / posts));
        }
        steps.append(String.format(" posts_per_commit=%.1f", timedPosts / (double) Math.max(1, timedCommits)));
        System.out.println(steps);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
