package dev.parley.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * A server's database seen from outside the server, through a read-only connection: what is
 * really stored, independent of what the API answers. Its SQLite file (safe beside a running server:
 * WAL lets a reader look while the writer commits), or its PostgreSQL database.
 */
public final class ReadOnlyDatabase implements AutoCloseable {

    private final Connection connection;

    private ReadOnlyDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Opens {@code parley.db} in {@code dataDir}. */
    public static ReadOnlyDatabase open(Path dataDir) {
        Path file = dataDir.resolve("parley.db");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no database at " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try {
            return new ReadOnlyDatabase(DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + " read-only", e);
        }
    }

    /** Opens the PostgreSQL database at {@code jdbcUrl} read-only. */
    public static ReadOnlyDatabase openPostgres(String jdbcUrl) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            connection.setReadOnly(true);
            return new ReadOnlyDatabase(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + jdbcUrl + " read-only", e);
        }
    }

    /** SQLite's own check of every page, index and constraint: {@code ["ok"]} for a sound file. */
    public List<String> integrityCheck() {
        return rows("PRAGMA integrity_check").stream()
                .map(row -> String.valueOf(row.getFirst()))
                .toList();
    }

    /** The rows {@code sql} selects, each as its column values in order. */
    public List<List<Object>> rows(String sql) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(meta.getColumnCount());
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /**
     * Every row of every table (Flyway's history included), table by table in name order and each
     * table in rowid order: two snapshots are equal exactly when nothing was stored, changed or
     * deleted in between. The full-text index (a virtual table and its shadow tables, some without a
     * rowid) is left out: it is derived from the messages, which are in.
     */
    public Map<String, List<List<Object>>> snapshot() {
        Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
        for (List<Object> table : rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN"
                + " (SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow')) ORDER BY name")) {
            String name = (String) table.getFirst();
            tables.put(name, rows("SELECT * FROM \"" + name + "\" ORDER BY rowid"));
        }
        return tables;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // A read-only connection holds nothing that could be lost.
        }
    }
}
