package dev.parley.server.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Statements of the writer's connection held back and sent together, one round trip for many
 * (a JDBC batch), while the writer runs a batch without savepoints: on PostgreSQL a post is one
 * statement, and waiting for each post's answer before sending the next held the message id
 * counter's lock, which every server's writer takes in turn, for a round trip per post.
 *
 * <p>A statement is held back only when what it answers is known in advance: the rows it changes
 * ({@link KeptStatement#executeExpecting}). Whatever else runs on the connection sends what is held
 * first, so statements still run in the order they were given: a kept statement run at once, and any
 * jOOQ query through the listener the writer installs ({@link #flush}). A held statement that fails
 * or changes other rows than expected fails whichever work is running when it is sent, and the
 * transaction with it, even if that work caught the failure ({@link #close}): the writer rolls the whole transaction back and runs the batch again, each unit
 * of work in a savepoint of its own and nothing held back, so the failure is its own work's again.
 *
 * <p>One per writer connection, in its {@link DSLContext#data() data}; used by the writer thread only.
 */
final class StatementPipeline {

    /** A held statement's expected count, and the failure when it changed another. */
    private record Expectation(int rows, Supplier<? extends RuntimeException> otherwise) {}

    private final List<Expectation> expectations = new ArrayList<>();
    private boolean open;
    private KeptStatement held;
    private RuntimeException failure;

    /** The pipeline of the writer connection {@code tx} belongs to (a closed one for any other). */
    static StatementPipeline of(DSLContext tx) {
        return KeptStatement.perConnection(tx, StatementPipeline.class, StatementPipeline::new);
    }

    /** From now on statements whose outcome is known in advance are held back. */
    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    /**
     * Holds back the execution of {@code statement} with the values bound to it now; a different
     * statement held before it is sent first.
     */
    void hold(KeptStatement statement, int rows, Supplier<? extends RuntimeException> otherwise) {
        if (held != null && held != statement) {
            flush();
        }
        statement.addBatch();
        held = statement;
        expectations.add(new Expectation(rows, otherwise));
    }

    /**
     * Sends what is held, in one round trip, and checks what each statement changed; throws the first
     * failure (and keeps it for {@link #close}).
     */
    void flush() {
        if (held == null) {
            return;
        }
        KeptStatement sending = held;
        List<Expectation> expected = List.copyOf(expectations);
        held = null;
        expectations.clear();
        try {
            int[] changed = sending.executeBatch();
            for (int i = 0; i < expected.size(); i++) {
                if (changed[i] != expected.get(i).rows()) {
                    throw expected.get(i).otherwise().get();
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Sends what is still held and stops holding statements back; false when what was held failed
     * (now or earlier), and the transaction must not commit.
     */
    boolean close() {
        try {
            flush();
        } catch (RuntimeException e) {
            // Kept in failure.
        }
        boolean sent = failure == null;
        discard();
        return sent;
    }

    /** Stops holding statements back and forgets what is held, for a transaction being rolled back. */
    void discard() {
        if (held != null) {
            held.clearBatch();
        }
        held = null;
        expectations.clear();
        failure = null;
        open = false;
    }
}
