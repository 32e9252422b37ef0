package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a database closes all it holds: the writer (its thread ended, its connection closed), the
 * readers, and (on PostgreSQL, {@link PostgresDatabaseCloseTest}) the thread listening for changes.
 */
@Timeout(60)
class DatabaseCloseTest {

    @TempDir
    Path dir;

    /** The database under test, empty and migrated. */
    Database open() {
        return Database.openSqlite(dir.resolve("test.db"), 2);
    }

    @Test
    void aClosedDatabaseHasStoppedItsWriterAndClosedEveryConnection() throws Exception {
        Database db = open();
        Thread writerThread = db.writer().write(tx -> Thread.currentThread());
        Connection writerConnection = db.writer().write(tx -> tx.connectionResult(c -> c.unwrap(Connection.class)));
        assertThat(db.isReachable()).isTrue();

        db.close();

        assertThat(writerThread.isAlive()).isFalse();
        assertThat(writerConnection.isClosed()).isTrue();
        assertThat(db.isReachable()).as("the readers closed").isFalse();
        assertThatThrownBy(() -> db.reads().selectOne().fetch()).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> db.writer().write(tx -> 0)).hasMessageContaining("closing");
    }

    /** The live threads named {@code name}. */
    static Set<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .collect(Collectors.toSet());
    }
}
