import dev.parley.server.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The data of the search benchmark (run by benchmark/search, before the server starts): an SQLite
 * file in the server's data directory, its schema made by the server's own migrations
 * (Database.openSqlite, as a starting server does), then filled directly over JDBC, the full-text
 * index kept by the schema's own triggers as the rows go in. MESSAGES messages, spread at random
 * over SESSIONS sessions of four authors each; one more account, the searcher, is a member of
 * MEMBER_OF of the sessions. Texts are 4 to 24 words drawn from a vocabulary of 20,000 made-up words
 * with Zipf frequencies (the word of rank r is r times rarer than the commonest), written most
 * frequent first to VOCABULARY_FILE, from which Search.java draws its queries. Seeded: the same
 * arguments build the same data.
 *
 * <p>Usage: java -cp parley-server.jar:libs/* SearchData.java DATA_DIR MESSAGES SESSIONS MEMBER_OF VOCABULARY_FILE
 */
public final class SearchData {

    static final String SEARCHER = "searcher@example.com";
    static final String PASSWORD = "search-benchmark-password";

    private static final int VOCABULARY = 20_000;
    private static final int AUTHORS = 200;
    private static final int AUTHORS_PER_SESSION = 4;
    private static final int PER_TRANSACTION = 10_000;
    private static final long START = 1_700_000_000_000L;
    private static final String[] SYLLABLES = {
        "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "qui", "ro", "su", "ta", "ve", "wo",
        "xa", "ye", "zu", "bra", "cle", "dri", "flo", "gru", "pla", "sto", "tri", "vra"
    };

    private final Random random = new Random(42);
    private final int messages;
    private final int sessions;
    private final int memberOf;
    private final String[] words;
    private final double[] cumulative;

    private SearchData(int messages, int sessions, int memberOf) {
        this.messages = messages;
        this.sessions = sessions;
        this.memberOf = memberOf;
        this.words = vocabulary();
        this.cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path file = dataDir.resolve("parley.db");
        SearchData data = new SearchData(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        if (data.memberOf > data.sessions) {
            throw new IllegalArgumentException("the searcher cannot be in more sessions than there are");
        }
        Files.createDirectories(dataDir);
        // The lines a starting server logs (Flyway's, the pool's) say nothing here.
        Logger.getLogger("").setLevel(Level.WARNING);
        long began = System.nanoTime();
        // The server's migrations, and nothing else of the server: opening the database migrates it.
        Database.openSqlite(file, 1).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("PRAGMA foreign_keys=ON");
                // Building test data: durability is not wanted, speed is.
                sql.execute("PRAGMA synchronous=OFF");
            }
            connection.setAutoCommit(false);
            data.fill(connection);
            try (Statement sql = connection.createStatement()) {
                connection.setAutoCommit(true);
                sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        Files.write(Path.of(args[4]), Arrays.asList(data.words));
        System.out.printf("data: %,d messages in %,d sessions, the searcher in %,d; built in %.0f s; %,d MB%n",
                data.messages, data.sessions, data.memberOf, (System.nanoTime() - began) / 1e9,
                Files.size(file) / (1024 * 1024));
    }

    private void fill(Connection connection) throws SQLException {
        String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));
        try (PreparedStatement users = connection.prepareStatement(
                "INSERT INTO users (id, email, email_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= AUTHORS + 1; id++) {
                String email = id == 1 ? SEARCHER : "author-" + id + "@example.com";
                users.setInt(1, id);
                users.setString(2, email);
                users.setString(3, email);
                users.setString(4, hash);
                users.setLong(5, START);
                users.addBatch();
            }
            users.executeBatch();
        }
        // Session s (from 1) is owned by author 2 + s % AUTHORS, with the next three authors in it.
        int[][] members = new int[sessions + 1][];
        int stride = sessions / memberOf;
        try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO chat_sessions (id, user_id, title, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement member = connection.prepareStatement(
                        "INSERT INTO session_members (session_id, user_id, joined_at) VALUES (?, ?, ?)")) {
            for (int s = 1; s <= sessions; s++) {
                List<Integer> in = new ArrayList<>();
                for (int a = 0; a < AUTHORS_PER_SESSION; a++) {
                    in.add(2 + (s + a) % AUTHORS);
                }
                members[s] = in.stream().mapToInt(Integer::intValue).toArray();
                if ((s - 1) % stride == 0 && (s - 1) / stride < memberOf) {
                    in.add(1);
                }
                insert.setInt(1, s);
                insert.setInt(2, members[s][0]);
                insert.setString(3, "session " + s);
                insert.setLong(4, START);
                insert.setLong(5, START);
                insert.addBatch();
                for (int user : in) {
                    member.setInt(1, s);
                    member.setInt(2, user);
                    member.setLong(3, START);
                    member.addBatch();
                }
            }
            insert.executeBatch();
            member.executeBatch();
        }
        connection.commit();

        long[] counts = new long[sessions + 1];
        long[] last = new long[sessions + 1];
        try (PreparedStatement insert = connection.prepareStatement(
                        // seq: a new message's place in the event stream is its id (V5), as Parley writes it.
                        "INSERT INTO messages (id, seq, session_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)");
                // Each transaction's messages into the search index just before its commit, as Parley's
                // writer adds them (V8).
                PreparedStatement index = connection.prepareStatement(
                        "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id > ? AND id <= ?")) {
            long indexed = 0;
            for (int id = 1; id <= messages; id++) {
                int s = 1 + random.nextInt(sessions);
                counts[s]++;
                last[s] = id;
                insert.setLong(1, id);
                insert.setLong(2, id);
                insert.setInt(3, s);
                insert.setInt(4, members[s][random.nextInt(AUTHORS_PER_SESSION)]);
                insert.setString(5, text());
                insert.setLong(6, START + id * 100L);
                insert.addBatch();
                if (id % PER_TRANSACTION == 0 || id == messages) {
                    insert.executeBatch();
                    index.setLong(1, indexed);
                    index.setLong(2, id);
                    index.executeUpdate();
                    indexed = id;
                    connection.commit();
                }
            }
        }
        // What posting would have left: counts, activity times, read markers at the newest message.
        try (PreparedStatement session = connection.prepareStatement(
                        "UPDATE chat_sessions SET message_count = ?, last_message_at = ?, last_activity_at = ? WHERE id = ?");
                PreparedStatement read = connection.prepareStatement(
                        "UPDATE session_members SET last_read_id = ?, read_count = ? WHERE session_id = ?");
                Statement counter = connection.createStatement()) {
            for (int s = 1; s <= sessions; s++) {
                if (counts[s] > 0) {
                    long at = START + last[s] * 100L;
                    session.setLong(1, counts[s]);
                    session.setLong(2, at);
                    session.setLong(3, at);
                    session.setInt(4, s);
                    session.addBatch();
                    read.setLong(1, last[s]);
                    read.setLong(2, counts[s]);
                    read.setInt(3, s);
                    read.addBatch();
                }
            }
            session.executeBatch();
            read.executeBatch();
            counter.executeUpdate("UPDATE message_ids SET last_id = " + messages);
        }
        connection.commit();
    }

    private String text() {
        int length = 4 + random.nextInt(21);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(words[rank()]);
        }
        return text.toString();
    }

    /** A rank from 0, drawn with probability proportional to 1 / (rank + 1). */
    private int rank() {
        int found = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[VOCABULARY - 1]);
        return Math.min(found < 0 ? -found - 1 : found, VOCABULARY - 1);
    }

    /** Distinct made-up words of two to four syllables, none a real word of any length that matters. */
    private String[] vocabulary() {
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            for (int i = 2 + random.nextInt(3); i > 0; i--) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }
}
