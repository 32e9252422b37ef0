package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.MeterReadings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One open stream as the watchdog sees it: its output passes everything through, and tells how long
 * the write in progress has taken; a cut ends the stream once, counted once, and lets go of what it
 * holds once, whoever ended it first.
 */
class OpenStreamTest {

    private static final String ENDED = "parley.events.streams.ended";

    private final MeterReadings readings = new MeterReadings();
    private final StreamMeters meters = new StreamMeters(readings.meters());
    private final Subscription subscription = Subscription.ofSession(1, 7, new StreamBuffers(16, 1 << 20, 1 << 24));
    private final AtomicInteger letGo = new AtomicInteger();
    private final OpenStream open =
            new OpenStream(subscription, Optional.empty(), Optional::empty, letGo::incrementAndGet);

    @AfterEach
    void close() {
        readings.close();
    }

    @Test
    void bytesFlushesAndTheCloseReachTheOutputUnderneath() throws IOException {
        Recording underneath = new Recording(() -> {});

        try (OutputStream out = open.timed(underneath)) {
            out.write('a');
            out.write("bc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        assertThat(underneath.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(underneath.calls).containsExactly("write", "write", "flush", "close");
    }

    @Test
    void aStreamIsWritingOnlyDuringAWriteFlushOrCloseAndForAsLongAsThatHasTaken() throws IOException {
        long opened = System.nanoTime();
        List<Long> during = new ArrayList<>();
        List<Long> sinceOpened = new ArrayList<>();
        Recording underneath = new Recording(() -> {
            long now = System.nanoTime();
            during.add(open.writingFor(now));
            sinceOpened.add(now - opened);
        });
        OutputStream out = open.timed(underneath);

        assertThat(open.writingFor(System.nanoTime())).isNegative();
        out.write('a');
        assertThat(open.writingFor(System.nanoTime())).isNegative();
        out.write("bc".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        out.close();

        assertThat(open.writingFor(System.nanoTime())).isNegative();
        assertThat(during).hasSize(4);
        for (int i = 0; i < during.size(); i++) {
            assertThat(during.get(i)).as("call %d", i).isBetween(0L, sinceOpened.get(i));
        }
    }

    @Test
    void aCutEndsTheStreamForItsReasonCountsItOnceAndLetsGoAtOnceAndOnce() throws InterruptedException {
        open.cut(Subscription.End.FELL_BEHIND, meters);
        assertThat(letGo).hasValue(1);

        open.cut(Subscription.End.LOGGED_OUT, meters);
        open.release();

        assertThat(subscription.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.FELL_BEHIND));
        assertThat(subscription.next(Duration.ZERO)).isNull();
        assertThat(letGo).hasValue(1);
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isEqualTo(1);
        assertThat(readings.count(ENDED, "reason", "logged_out")).isZero();
    }

    @Test
    void aCutOfAStreamEndedAlreadyLeavesThatEndAndItsCountAsTheyWere() throws InterruptedException {
        // Ended, and counted, by the fan-out or the stream's writer while the write stalled.
        subscription.end(Subscription.End.SERVER_STOPPING);

        open.cut(Subscription.End.FELL_BEHIND, meters);

        assertThat(subscription.next(Duration.ZERO))
                .isEqualTo(new Subscription.Ended(Subscription.End.SERVER_STOPPING));
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isZero();
        assertThat(letGo).hasValue(1);
    }

    /** An output that keeps what is written and the calls made, running {@code inCall} within each. */
    private static final class Recording extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();
        private final Runnable inCall;

        Recording(Runnable inCall) {
            this.inCall = inCall;
        }

        @Override
        public synchronized void write(int b) {
            called("write");
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            called("write");
            super.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            called("flush");
        }

        @Override
        public void close() {
            called("close");
        }

        private void called(String call) {
            calls.add(call);
            inCall.run();
        }
    }
}
