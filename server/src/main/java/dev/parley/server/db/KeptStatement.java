package dev.parley.server.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;

/**
 * A statement the writer runs in every transaction or for every post, written with jOOQ, rendered and
 * prepared once on the writer's connection, and bound straight to JDBC by the names its DSL gave its
 * parameters. Rendering again for each execution cost the single writer thread more than running the
 * statement, and jOOQ's own kept statements do not help: each {@code Query.bind} walks the whole query
 * again (benchmark/README.md, "What one post costs"). Every parameter needs a name of its own, as a
 * name used twice is bound once.
 *
 * <p>Keep it in the connection's {@link DSLContext#data() data}, so that a new connection prepares its
 * own and closing the connection closes it; use it on the writer thread only.
 */
public final class KeptStatement {

    private final String purpose;
    private final PreparedStatement statement;
    private final List<String> parameters;
    private final StatementPipeline pipeline;

    private KeptStatement(
            String purpose, PreparedStatement statement, List<String> parameters, StatementPipeline pipeline) {
        this.purpose = purpose;
        this.statement = statement;
        this.parameters = parameters;
        this.pipeline = pipeline;
    }

    /**
     * Renders {@code query} once and prepares it on the connection of {@code tx}; {@code purpose} says
     * what it does in its failures ("cannot store the message: ..."), which come as jOOQ's
     * {@link DataAccessException}, as a failing jOOQ query's would.
     */
    public static KeptStatement of(DSLContext tx, String purpose, Query query) {
        // Inlined values (a + 1) are in the SQL text, not among its ? markers.
        List<String> names = query.getParams().entrySet().stream()
                .filter(parameter -> !parameter.getValue().isInline())
                .map(Map.Entry::getKey)
                .toList();
        return new KeptStatement(
                purpose,
                tx.connectionResult(connection -> connection.prepareStatement(query.getSQL())),
                names,
                StatementPipeline.of(tx));
    }

    /**
     * What {@code make} made for the connection of {@code tx}, made on first use and kept in its
     * data under {@code key}. Not the data's {@code computeIfAbsent}: making prepares statements, and
     * preparing keeps the connection's {@link StatementPipeline} in that same map, which must not
     * change while it computes (a {@code ConcurrentHashMap} throws "Recursive update" when the two keys
     * share a bin). Writer thread only, so nothing comes between the look-up and the keeping.
     */
    public static <T> T perConnection(DSLContext tx, Class<?> key, Supplier<T> make) {
        @SuppressWarnings("unchecked")
        T kept = (T) tx.data(key);
        if (kept == null) {
            kept = make.get();
            tx.data(key, kept);
        }
        return kept;
    }

    public KeptStatement set(String name, long value) {
        return bind(name, (statement, index) -> statement.setLong(index, value));
    }

    public KeptStatement set(String name, Long value) {
        return value == null
                ? bind(name, (statement, index) -> statement.setNull(index, Types.BIGINT))
                : set(name, value.longValue());
    }

    public KeptStatement set(String name, String value) {
        return bind(name, (statement, index) -> {
            if (value == null) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, value);
            }
        });
    }

    /** Binds a text array (PostgreSQL's {@code text[]}). */
    public KeptStatement set(String name, String[] values) {
        return bind(
                name,
                (statement, index) ->
                        statement.setArray(index, statement.getConnection().createArrayOf("text", values)));
    }

    /** Runs a statement that changes rows; how many it changed. */
    public int execute() {
        pipeline.flush();
        try {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs a query of one row and one number: that number. */
    public long fetchLong() {
        pipeline.flush();
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new DataAccessException("cannot " + purpose + ": the query found no row");
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs a query for what it does (PostgreSQL's {@code pg_notify}), its rows unread: with no fetch
     * size set, the driver has received every row, so the query has run to its end, before it returns.
     */
    public void run() {
        pipeline.flush();
        try {
            statement.execute();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs a statement that changes rows, which must change {@code rows} of them; otherwise the work
     * running it fails with what {@code otherwise} gives. In a batch the writer runs without
     * savepoints the statement is sent later, together with the ones after it (see
     * {@link StatementPipeline}), and this returns at once.
     */
    public void executeExpecting(int rows, Supplier<? extends RuntimeException> otherwise) {
        if (pipeline.isOpen()) {
            pipeline.hold(this, rows, otherwise);
        } else if (execute() != rows) {
            throw otherwise.get();
        }
    }

    /** Keeps the values bound now for {@link #executeBatch}. */
    void addBatch() {
        try {
            statement.addBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs the statement with each set of values kept by {@link #addBatch}: the rows each changed. */
    int[] executeBatch() {
        try {
            return statement.executeBatch();
        } catch (SQLException e) {
            // A batch's failure says little; the first statement's that failed says why.
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new DataAccessException("cannot " + purpose + ": " + cause.getMessage(), e);
        }
    }

    /** Forgets the values kept by {@link #addBatch}. */
    void clearBatch() {
        try {
            statement.clearBatch();
        } catch (SQLException e) {
            // Only a closed statement refuses, on a lost connection, which the writer replaces.
        }
    }

    /** One way of binding a value to the statement at a position. */
    @FunctionalInterface
    private interface Binding {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private KeptStatement bind(String name, Binding binding) {
        try {
            binding.bind(statement, index(name));
            return this;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private DataAccessException failed(SQLException e) {
        return new DataAccessException("cannot " + purpose + ": " + e.getMessage(), e);
    }

    private int index(String name) {
        int index = parameters.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no parameter " + name + " in " + parameters);
        }
        return index + 1;
    }
}
