package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.metrics.Meters;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer waits for its own change to come back through the feed: here the feed's side is called
 * directly, without a database, so that the hand-over between the two can be raced many times.
 */
class PostgresChangesWaitTest {

    /** A wake-up lost to the race would cost its writer the whole 5 s wait, and the test its timeout. */
    @Test
    @Timeout(60)
    void aWriterRacingTheDeliveryOfItsChangeIsWokenEveryTime() throws Exception {
        PostgresChanges changes = new PostgresChanges(Meters.none());
        for (long number = 1; number <= 2_000; number++) {
            long own = number;
            CountDownLatch start = new CountDownLatch(1);
            Thread writer = Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                changes.awaitDelivered(own);
            });
            Thread feed = Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                changes.deliveredOwn(own);
            });
            start.countDown();
            feed.join();
            assertThat(writer.join(Duration.ofSeconds(4)))
                    .as("the writer of change %d returned once it was delivered", own)
                    .isTrue();
        }
    }

    @Test
    @Timeout(30)
    void aDeliveryWakesTheWritersItReachedAndNotTheLaterOnes() throws Exception {
        PostgresChanges changes = new PostgresChanges(Meters.none());
        Thread first = Thread.ofPlatform().start(() -> changes.awaitDelivered(1));
        Thread second = Thread.ofPlatform().start(() -> changes.awaitDelivered(2));
        Thread third = Thread.ofPlatform().start(() -> changes.awaitDelivered(3));
        while (first.getState() != Thread.State.TIMED_WAITING || third.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        changes.deliveredOwn(2);

        assertThat(first.join(Duration.ofSeconds(4))).isTrue();
        assertThat(second.join(Duration.ofSeconds(4))).isTrue();
        assertThat(third.isAlive()).as("change 3 is not delivered yet").isTrue();
        changes.deliveredOwn(3);
        assertThat(third.join(Duration.ofSeconds(4))).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
