package dev.parley.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A consistent copy of an SQLite database that a server may be writing to, made with SQLite's
 * {@code VACUUM INTO}: it reads the database in one read transaction, so the copy is the database as
 * of one commit, and under WAL (which Parley's databases use) that reader never blocks the writer;
 * posting goes on while the copy is made. The copy is a compact, self-contained database file that a
 * server opens as its {@code parley.db}.
 */
public final class SqliteBackup {

    private SqliteBackup() {}

    /**
     * Copies {@code database} into {@code target}, which must not exist yet. The copy is written
     * beside the target and renamed into place once complete, so {@code target} is never half written.
     */
    public static void copy(Path database, Path target) {
        if (!Files.isRegularFile(database)) {
            throw new IllegalStateException("no SQLite database at " + database);
        }
        if (Files.exists(target)) {
            throw new IllegalStateException(target + " exists already; name a new file");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        SQLiteConfig config = new SQLiteConfig();
        // A writer's checkpoint can hold the database for a moment; the copy waits for it.
        config.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + database);
        try {
            Files.deleteIfExists(partial);
            try (Connection connection = source.getConnection();
                    PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, partial.toString());
                vacuum.execute();
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new IllegalStateException("cannot copy " + database + ": " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The copy has failed already; that failure is the one to report.
        }
    }
}
