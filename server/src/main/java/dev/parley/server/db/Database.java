package dev.parley.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open SQLite database: a pool of reader connections for queries and a {@link SerialWriter} that
 * owns the only writer connection. WAL lets readers run while the writer commits; synchronous=FULL
 * makes every acknowledged commit survive a power loss.
 */
public final class Database implements AutoCloseable {

    /** The one spelling the migrations leave open; see V1__accounts_sessions_messages.sql. */
    private static final Map<String, String> SQLITE_PLACEHOLDERS =
            Map.of("identity", "INTEGER PRIMARY KEY AUTOINCREMENT");

    private final HikariDataSource readers;
    private final DSLContext reads;
    private final SerialWriter writer;

    private Database(HikariDataSource readers, SerialWriter writer) {
        this.readers = readers;
        this.reads = DSL.using(readers, SQLDialect.SQLITE, settings());
        this.writer = writer;
    }

    /** Opens (creating if needed) the SQLite file, migrates it to the current schema and starts the writer. */
    public static Database openSqlite(Path file, int readerPoolSize) {
        SQLiteDataSource writerSource = new SQLiteDataSource(connectionConfig(SQLiteConfig.TransactionMode.IMMEDIATE));
        writerSource.setUrl("jdbc:sqlite:" + file);
        migrate(writerSource);

        SQLiteDataSource readerSource = new SQLiteDataSource(connectionConfig(SQLiteConfig.TransactionMode.DEFERRED));
        readerSource.setUrl("jdbc:sqlite:" + file);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("parley-readers");
        pool.setDataSource(readerSource);
        pool.setMaximumPoolSize(readerPoolSize);
        pool.setMinimumIdle(readerPoolSize);
        HikariDataSource readers = new HikariDataSource(pool);

        try {
            Connection connection = writerSource.getConnection();
            connection.setAutoCommit(false);
            return new Database(readers,
                    new SerialWriter(connection, DSL.using(connection, SQLDialect.SQLITE, settings())));
        } catch (SQLException e) {
            readers.close();
            throw new IllegalStateException("cannot open the database writer for " + file + ": " + e.getMessage(), e);
        }
    }

    /** For queries; each call borrows a reader connection for the duration of one statement. */
    public DSLContext reads() {
        return reads;
    }

    /** For every insert, update and delete. */
    public SerialWriter writer() {
        return writer;
    }

    /** Whether the database answers a trivial query; used by the health check. */
    public boolean isReachable() {
        try {
            return reads.selectOne().fetchOne() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    private static void migrate(SQLiteDataSource source) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration")
                .placeholders(SQLITE_PLACEHOLDERS)
                .load()
                .migrate();
    }

    private static SQLiteConfig connectionConfig(SQLiteConfig.TransactionMode transactionMode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(transactionMode);
        return config;
    }

    private static Settings settings() {
        // Logging every statement costs more than running it at the request rates Parley serves.
        return new Settings()
                .withExecuteLogging(false)
                .withRenderSchema(false)
                .withFetchWarnings(false);
    }
}
