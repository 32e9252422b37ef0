package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.SessionRenamedEvent;
import dev.parley.server.db.Database;
import dev.parley.server.testing.MeterReadings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one stream counts as it writes: every event it writes, replayed or live, notices included,
 * those of the batch its end came in too; and its end when it finds its token ended.
 */
@Timeout(60)
class EventStreamCountsTest {

    private static final String DELIVERED = "parley.events.delivered";
    private static final String ENDED = "parley.events.streams.ended";
    private static final byte[] OPENING = EventFrames.retry(Duration.ofSeconds(2));
    private static final long SESSION = 7;

    @TempDir
    Path dir;

    private final MeterReadings readings = new MeterReadings();
    private final StreamMeters meters = new StreamMeters(readings.meters());
    private final Subscription subscription = Subscription.ofSession(1, SESSION, buffers());

    @AfterEach
    void close() {
        readings.close();
    }

    @Test
    void replayedMessagesAreCounted() throws InterruptedException {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 2)) {
            LocalFanOut fanOut = new LocalFanOut(meters);
            EventRows rows = new EventRows(db);
            long alice = rows.user("alice@example.com");
            long session = rows.session(alice);
            rows.messages(session, alice, 3);
            EventQueries queries = new EventQueries(db, fanOut);
            Subscription followed = queries.followSession(alice, session, buffers());
            followed.end(Subscription.End.SERVER_STOPPING);

            new EventStream(queries, followed, OptionalLong.of(session), Duration.ofMinutes(5), Optional::empty, meters)
                    .writeTo(OutputStream.nullOutputStream(), OPENING, OptionalLong.of(0));
        }

        assertThat(readings.count(DELIVERED)).isEqualTo(3);
    }

    @Test
    void liveMessagesAndNoticesAreCountedAsTheyAreWritten() throws InterruptedException {
        Flushes out = new Flushes();
        Thread writer = write(out, Optional::empty);

        subscription.offer(EventFrames.notice("session_renamed", new SessionRenamedEvent(SESSION, "Book club")));
        subscription.offer(EventFrames.message(message(5)));
        out.awaitFlushed("id: 5");
        assertThat(readings.count(DELIVERED)).isEqualTo(2);

        subscription.end(Subscription.End.SERVER_STOPPING);
        writer.join();
        assertThat(readings.count(DELIVERED)).isEqualTo(2);
    }

    @Test
    void aMessageWrittenInTheBatchTheEndCameInIsCounted() throws InterruptedException {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch endQueued = new CountDownLatch(1);
        // The second write is the message's: it waits there until the end is queued behind it.
        OutputStream out = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) {}

            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (++writes == 2) {
                    inWrite.countDown();
                    try {
                        endQueued.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Thread writer = write(out, Optional::empty);

        subscription.offer(EventFrames.message(message(5)));
        assertThat(inWrite.await(20, TimeUnit.SECONDS)).isTrue();
        subscription.end(Subscription.End.SERVER_STOPPING);
        endQueued.countDown();
        writer.join();

        assertThat(readings.count(DELIVERED)).isEqualTo(1);
    }

    @Test
    void aStreamThatFindsItsTokenEndedCountsThatEnd() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // Keep-alives every 10 ms until the token is first asked about, a second after the start.
        new EventStream(
                        null,
                        subscription,
                        OptionalLong.of(SESSION),
                        Duration.ofMillis(10),
                        () -> Optional.of(Subscription.End.LOGGED_OUT),
                        meters)
                .writeTo(out, OPENING, OptionalLong.empty());

        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("data: {\"reason\":\"logged_out\"}\n\n");
        assertThat(readings.count(ENDED, "reason", "logged_out")).isEqualTo(1);
    }

    /** {@link #subscription}'s stream, live only, written on a thread of its own. */
    private Thread write(OutputStream out, Supplier<Optional<Subscription.End>> tokenEnd) {
        EventStream stream =
                new EventStream(null, subscription, OptionalLong.of(SESSION), Duration.ofMinutes(5), tokenEnd, meters);
        return Thread.ofVirtual().start(() -> {
            try {
                stream.writeTo(out, OPENING, OptionalLong.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static Message message(long id) {
        return new Message(id, SESSION, 1, "alice@example.com", "text " + id, Instant.EPOCH, null, null, null);
    }

    private static StreamBuffers buffers() {
        return new StreamBuffers(16, 1 << 20, 1 << 24);
    }

    /** An output whose every flush hands what was written so far to the test. */
    private static final class Flushes extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final BlockingQueue<String> flushed = new LinkedBlockingQueue<>();

        @Override
        public synchronized void write(int b) {
            written.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            written.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() {
            flushed.add(written.toString(StandardCharsets.UTF_8));
        }

        void awaitFlushed(String text) throws InterruptedException {
            for (String sofar = ""; !sofar.contains(text); ) {
                sofar = flushed.poll(20, TimeUnit.SECONDS);
                assertThat(sofar).as("a flush after " + text).isNotNull();
            }
        }
    }
}
