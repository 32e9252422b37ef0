package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics of a server on SQLite; and of two servers in one JVM, as tests start them. */
class SqliteMetricsTest extends AbstractMetricsTest {

    @Override
    TestServer start(Map<String, String> settings) {
        return TestServer.start(settings);
    }

    @Override
    boolean onPostgres() {
        return false;
    }

    /** Helidon's registry is one per JVM: the later server's meters replace the earlier one's, and stay. */
    @Test
    void aServerStoppingLeavesTheMetricsOfTheOneStartedAfterIt() {
        try (TestServer second = startAfter(start(Map.of()))) {
            Exposition read = Exposition.of(second);
            assertThat(read.value("parley_db_pool_max_connections")).isEqualTo(3);
            assertThat(read.value("parley_writer_queue_length")).isZero();
            assertThat(read.value("parley_bcrypt_hashes_total", Map.of("work", "registration")))
                    .isZero();

            ApiClient.of(second).newAccount();
            assertThat(Exposition.of(second).value("parley_bcrypt_hashes_total", Map.of("work", "registration")))
                    .isEqualTo(1);
        }
    }

    /** Starts a second server with a pool of its own size, then stops {@code first}. */
    private TestServer startAfter(TestServer first) {
        try (first) {
            return start(Map.of("parley.database.reader-pool-size", "3"));
        }
    }
}
