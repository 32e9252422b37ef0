package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyConfig;
import dev.parley.server.testing.MeterReadings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader pool has the configured size, and its gauges read it as it is: connections in use,
 * idle, the most it opens, and requests waiting for one when all are taken.
 */
class DatabasePoolMetersTest {

    private static final int READERS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void thePoolGaugesFollowTheReadersInUseIdleAndAwaited() throws Exception {
        try (MeterReadings readings = new MeterReadings();
                Database db = Database.open(
                        new ParleyConfig.Database(Optional.empty(), Optional.empty(), Optional.empty(), 2, READERS),
                        dir.resolve("parley.db"),
                        readings.meters());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(readings.gauge("parley.db.pool.max.connections")).isEqualTo(READERS);
            // The pool opens its idle connections in the background.
            awaitValue(() -> readings.gauge("parley.db.pool.idle.connections"), READERS);
            assertThat(readings.gauge("parley.db.pool.active.connections")).isZero();

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch allHeld = new CountDownLatch(READERS);
            for (int i = 0; i < READERS; i++) {
                threads.submit(() -> db.reads().connection(held -> {
                    allHeld.countDown();
                    release.await();
                }));
            }
            assertThat(allHeld.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Future<Integer> waiting =
                    threads.submit(() -> db.reads().fetchSingle("SELECT 1").get(0, Integer.class));
            awaitValue(() -> readings.gauge("parley.db.pool.waiting.threads"), 1);

            assertThat(readings.gauge("parley.db.pool.active.connections")).isEqualTo(READERS);
            assertThat(readings.gauge("parley.db.pool.idle.connections")).isZero();

            release.countDown();
            assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
            awaitValue(() -> readings.gauge("parley.db.pool.waiting.threads"), 0);
        }
    }

    private static void awaitValue(DoubleSupplier gauge, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (gauge.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gauge.getAsDouble()).isEqualTo(expected);
    }
}
