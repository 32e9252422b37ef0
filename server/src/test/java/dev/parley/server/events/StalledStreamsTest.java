package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.MeterReadings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog, running, with a stream whose writer is stuck in a write (as behind a client that
 * stopped reading): while the write lasts, the stream's token is checked each period and an ended
 * one cuts it at once; else the stream is cut as {@code fell_behind} when the write has taken the
 * write timeout. Each cut is counted under its reason, and lets go of the stream's slot.
 */
@Timeout(60)
class StalledStreamsTest {

    /** Checked every quarter of it: 250 ms. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);
    /** Far beyond the second or so the watchdog takes. */
    private static final long PATIENCE_SECONDS = 20;

    private static final String ENDED = "parley.events.streams.ended";

    private final MeterReadings readings = new MeterReadings();
    private final StalledStreams watchdog = new StalledStreams(WRITE_TIMEOUT, new StreamMeters(readings.meters()));
    private final Subscription subscription = Subscription.ofSession(1, 7, new StreamBuffers(16, 1 << 20, 1 << 24));
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final CountDownLatch writeReturns = new CountDownLatch(1);
    private Thread writer;

    @AfterEach
    void close() throws InterruptedException {
        writeReturns.countDown();
        if (writer != null) {
            writer.join();
        }
        watchdog.stop();
        readings.close();
    }

    @Test
    void aStalledStreamHasItsTokenCheckedAndIsCutAsFellBehindOnceItsWriteTookTheWriteTimeout()
            throws InterruptedException {
        AtomicInteger tokenChecks = new AtomicInteger();
        watchdog.start();

        stall(() -> {
            tokenChecks.incrementAndGet();
            return Optional.empty();
        });

        assertThat(letGo.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("cut").isTrue();
        assertThat(subscription.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.FELL_BEHIND));
        assertThat(tokenChecks.get())
                .as("token checks while the write had taken a period but not the timeout")
                .isPositive();
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isEqualTo(1);
    }

    @Test
    void aStalledStreamWhoseTokenEndedIsCutForThatBeforeItsWriteTimesOut() throws InterruptedException {
        watchdog.start();

        stall(() -> Optional.of(Subscription.End.LOGGED_OUT));

        assertThat(letGo.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("cut").isTrue();
        assertThat(subscription.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.LOGGED_OUT));
        assertThat(readings.count(ENDED, "reason", "logged_out")).isEqualTo(1);
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isZero();
    }

    @Test
    void aWatchdogThatNeverStartedStopsQuietly() {
        // The routes' afterStop, say after a start that failed before theirs.
        watchdog.stop();
    }

    /** A watched stream whose writer enters a write that returns only when the test ends. */
    private void stall(Supplier<Optional<Subscription.End>> tokenEnd) {
        OpenStream open = new OpenStream(subscription, Optional.empty(), tokenEnd, letGo::countDown);
        watchdog.watch(open);
        OutputStream out = open.timed(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    writeReturns.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        writer = Thread.ofVirtual().start(() -> {
            try {
                out.write('x');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
