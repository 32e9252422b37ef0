package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyConfig;
import dev.parley.server.testing.MeterReadings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's meters read what it does: the writes waiting for its next transaction, how many each
 * transaction held (never more than 512, however many wait), how long each took, and how many ran
 * again because one of their writes failed.
 */
@Timeout(120)
class SerialWriterMetersTest {

    private static final int MAX_BATCH = 512;
    private static final int WAITING = 600;

    @TempDir
    Path dir;

    @Test
    void theQueueBatchesAndCommitsAreMeasuredAndNoBatchPassesTheMost() throws Exception {
        try (MeterReadings readings = new MeterReadings();
                Database db = Database.open(
                        new ParleyConfig.Database(Optional.empty(), Optional.empty(), Optional.empty(), 2, 2),
                        dir.resolve("parley.db"),
                        readings.meters());
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // The writer is held inside a transaction of one while the others queue behind it.
            Future<Boolean> holder = callers.submit(() -> db.writer().write(tx -> {
                held.countDown();
                return await(release);
            }));
            assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                waiting.add(callers.submit(() ->
                        db.writer().write(tx -> tx.fetchSingle("SELECT 1").get(0, Integer.class))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (readings.gauge("parley.writer.queue.length") < WAITING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(readings.gauge("parley.writer.queue.length")).isEqualTo(WAITING);

            release.countDown();
            assertThat(holder.get()).isTrue();
            for (Future<Integer> write : waiting) {
                assertThat(write.get()).isEqualTo(1);
            }

            assertThat(readings.gauge("parley.writer.queue.length")).isZero();
            MeterReadings.Histogram batches = readings.histogram("parley.writer.batch.size");
            assertThat(batches.total()).as("every write in a batch").isEqualTo(WAITING + 1);
            assertThat(batches.max()).as("the most one transaction holds").isEqualTo(MAX_BATCH);
            assertThat(batches.count()).as("the holder's, 512, then the rest").isEqualTo(3);
            MeterReadings.Histogram commits = readings.timer("parley.writer.commit.duration");
            assertThat(commits.count()).isEqualTo(batches.count());
            assertThat(commits.max())
                    .as("the held transaction's seconds, not a clock reading")
                    .isBetween(0.0, 60.0);
            assertThat(commits.total()).isPositive();
        }
    }

    @Test
    void aBatchRunAgainBecauseOneOfItsWritesFailedIsCounted() throws Exception {
        try (MeterReadings readings = new MeterReadings();
                Database db = Database.open(
                        new ParleyConfig.Database(Optional.empty(), Optional.empty(), Optional.empty(), 2, 2),
                        dir.resolve("parley.db"),
                        readings.meters())) {
            HeldWriter held = HeldWriter.hold(db);
            held.queue(() -> db.writer().write(tx -> tx.execute("SELECT 1")));
            held.queueRefusedWrite();
            held.release();
            db.writer().write(tx -> tx.execute("SELECT 1"));

            assertThat(readings.count("parley.writer.reruns")).isEqualTo(1);
            assertThat(readings.histogram("parley.writer.batch.size").count())
                    .as("the holder's, the batch of two (once, though it ran twice), the last write")
                    .isEqualTo(3);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
