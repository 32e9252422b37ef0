package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.db.Database;
import dev.parley.server.metrics.Meters;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One stream as its client reads it, on a real SQLite database: the replay of what it missed, page
 * after page, then live frames not replayed already; each write reaches the client at once, though
 * the server's output is buffered; and a stream whose access token has ended says so and ends.
 */
@Timeout(60)
class EventStreamTest {

    private static final String ALICE = "alice@example.com";
    private static final byte[] OPENING = EventFrames.retry(Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private Database db;
    private LocalFanOut fanOut;
    private EventQueries queries;
    private EventRows rows;
    private long alice;
    private long session;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 2);
        fanOut = new LocalFanOut(new StreamMeters(Meters.none()));
        queries = new EventQueries(db, fanOut);
        rows = new EventRows(db);
        alice = rows.user(ALICE);
        session = rows.session(alice);
    }

    @AfterEach
    void close() {
        fanOut.close();
        db.close();
    }

    @Test
    void aResumedStreamReplaysEveryMissedMessageAcrossPagesThenOnlyNewerLiveOnes() throws Exception {
        List<Long> ids = rows.messages(session, alice, EventStream.REPLAY_PAGE + 2);
        long last = ids.getLast();
        Subscription subscription = queries.followSession(alice, session, buffers());
        // Queued before the replay, as the subscription begins first: the replayed ones are not written again.
        subscription.offer(EventFrames.message(message(ids.get(1))));
        subscription.offer(EventFrames.message(message(last)));
        subscription.offer(EventFrames.message(message(last + 1)));

        try (Client client = new Client(subscription, OptionalLong.of(session), OptionalLong.of(ids.getFirst()))) {
            assertThat(client.line()).isEqualTo("retry: 2000");
            assertThat(client.eventIdsUpTo(last + 1))
                    .containsExactlyElementsOf(concat(ids.subList(1, ids.size()), last + 1));
            subscription.end(Subscription.End.SERVER_STOPPING);
            client.skipTo(": " + Subscription.End.SERVER_STOPPING.comment());
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).isEqualTo("event: end");
            assertThat(client.line()).isEqualTo("data: {\"reason\":\"server_stopping\"}");
        }
    }

    @Test
    void aStreamOfAllSessionsReplaysEachOfTheUsersSessions() throws Exception {
        long other = rows.session(alice);
        long bob = rows.user("bob@example.com");
        long bobsOwn = rows.session(bob);
        Message one = rows.message(session, alice, ALICE, "one");
        rows.message(bobsOwn, bob, "bob@example.com", "not hers");
        Message two = rows.message(other, alice, ALICE, "two");
        Subscription subscription = queries.followAllSessions(alice, buffers());
        subscription.offer(EventFrames.message(message(two.id() + 1)));

        try (Client client = new Client(subscription, OptionalLong.empty(), OptionalLong.of(0))) {
            assertThat(client.eventIdsUpTo(two.id() + 1)).containsExactly(one.id(), two.id(), two.id() + 1);
            subscription.end(Subscription.End.SERVER_STOPPING);
        }
    }

    @Test
    void aStreamNotResumedWritesLiveFramesOnly() throws Exception {
        Message stored = rows.message(session, alice, ALICE, "before the stream");
        Subscription subscription = queries.followSession(alice, session, buffers());
        subscription.offer(EventFrames.message(message(stored.id() + 1)));

        try (Client client = new Client(subscription, OptionalLong.of(session), OptionalLong.empty())) {
            assertThat(client.eventIdsUpTo(stored.id() + 1)).containsExactly(stored.id() + 1);
            subscription.end(Subscription.End.SERVER_STOPPING);
        }
    }

    @Test
    void theOpeningTheReplayAndEachLiveFrameReachTheClientWithoutWaitingForMore() throws Exception {
        Message missed = rows.message(session, alice, ALICE, "missed");
        Subscription subscription = queries.followSession(alice, session, buffers());
        try (Client client = new Client(subscription, OptionalLong.of(session), OptionalLong.of(0))) {
            assertThat(client.line()).isEqualTo("retry: 2000");
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).as("the replay").isEqualTo("id: " + missed.id());
            client.skipTo("");

            subscription.offer(EventFrames.message(message(missed.id() + 1)));
            assertThat(client.line()).as("a live frame").isEqualTo("id: " + (missed.id() + 1));
            client.skipTo("");

            subscription.end(Subscription.End.FELL_BEHIND);
            assertThat(client.line()).isEqualTo(": " + Subscription.End.FELL_BEHIND.comment());
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).isEqualTo("event: end");
            assertThat(client.line()).isEqualTo("data: {\"reason\":\"fell_behind\"}");
        }
    }

    @Test
    void aStreamWhoseTokenHasEndedSaysSoAndEndsHavingAskedOnceASecondAtMost() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        int keepAlives = 0;
        Subscription subscription = queries.followSession(alice, session, buffers());
        try (Client client =
                new Client(subscription, OptionalLong.of(session), OptionalLong.empty(), Duration.ofMillis(5), () -> {
                    asked.incrementAndGet();
                    return false;
                })) {
            client.skipTo("");
            // Heartbeats every 5 ms; the token is first asked a second after the stream opened.
            for (String line = client.line();
                    !line.equals(": " + Subscription.End.TOKEN_EXPIRED.comment());
                    line = client.line()) {
                if (line.equals(": keep-alive")) {
                    keepAlives++;
                }
            }
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).isEqualTo("event: end");
            assertThat(client.line()).isEqualTo("data: {\"reason\":\"token_expired\"}");
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).as("the end of the stream").isNull();
        }
        assertThat(asked).as("asked once, when the first second was over").hasValue(1);
        assertThat(keepAlives)
                .as("heartbeats written in that second, the token not asked for each")
                .isPositive();
    }

    @Test
    void theOpeningReachesTheClientBeforeAnyEventAndNoticesFollowAsWritten() throws Exception {
        Subscription subscription = queries.followSession(alice, session, buffers());
        try (Client client = new Client(subscription, OptionalLong.of(session), OptionalLong.empty())) {
            assertThat(client.line()).isEqualTo("retry: 2000");
            assertThat(client.line()).isEmpty();

            subscription.offer(EventFrames.notice("session_renamed", Map.of("title", "Renamed")));
            assertThat(client.line()).isEqualTo("event: session_renamed");
            assertThat(client.line()).isEqualTo("data: {\"title\":\"Renamed\"}");
            subscription.end(Subscription.End.SERVER_STOPPING);
        }
    }

    @Test
    void aStreamWhoseTokenIsStillValidGoesOnOnceItWasAsked() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Subscription subscription = queries.followSession(alice, session, buffers());
        try (Client client =
                new Client(subscription, OptionalLong.of(session), OptionalLong.empty(), Duration.ofMillis(5), () -> {
                    asked.incrementAndGet();
                    return true;
                })) {
            // Keep-alives every 5 ms until the token was asked, a second after the stream opened.
            while (asked.get() == 0) {
                assertThat(client.line()).as("the stream goes on").isNotNull();
            }
            subscription.offer(EventFrames.message(message(41)));

            assertThat(client.eventIdsUpTo(41)).containsExactly(41L);
            subscription.end(Subscription.End.SERVER_STOPPING);
        }
    }

    private Message message(long id) {
        return new Message(id, session, alice, ALICE, "live " + id, Instant.EPOCH, null, null, null);
    }

    private static List<Long> concat(List<Long> ids, long more) {
        return Stream.concat(ids.stream(), Stream.of(more)).toList();
    }

    private static StreamBuffers buffers() {
        return new StreamBuffers(1024, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * The stream written on a thread of its own into a buffered output, as the webserver's is, and
     * read line by line by a client on another thread: a line shows only once the stream flushed it.
     */
    private final class Client implements AutoCloseable {
        private static final String END = "\u0000end";
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread writer;
        private final Thread reader;
        private boolean ended;

        /** A client of a stream with no heartbeat to speak of: what it receives, the stream flushed. */
        Client(Subscription subscription, OptionalLong streamed, OptionalLong after) throws IOException {
            this(subscription, streamed, after, Duration.ofMinutes(5), () -> true);
        }

        Client(
                Subscription subscription,
                OptionalLong streamed,
                OptionalLong after,
                Duration heartbeat,
                BooleanSupplier tokenIsValid)
                throws IOException {
            PipedInputStream received = new PipedInputStream(1 << 16);
            OutputStream written = new BufferedOutputStream(new PipedOutputStream(received), 1 << 16);
            EventStream stream = new EventStream(
                    queries,
                    subscription,
                    streamed,
                    heartbeat,
                    () -> tokenIsValid.getAsBoolean() ? Optional.empty() : Optional.of(Subscription.End.TOKEN_EXPIRED),
                    new StreamMeters(Meters.none()));
            writer = Thread.ofVirtual().start(() -> {
                try (written) {
                    stream.writeTo(written, OPENING, after);
                } catch (IOException | InterruptedException e) {
                    // The test fails on the lines it then misses.
                }
            });
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(received, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // Ends the lines as the end of the stream does.
                }
                lines.add(END);
            });
        }

        /** The next line the client received; null once the stream has ended. */
        String line() throws InterruptedException {
            if (ended) {
                return null;
            }
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertThat(line).as("a line within 20 s").isNotNull();
            ended = line.equals(END);
            return ended ? null : line;
        }

        /** The ids of the events received up to and including {@code lastId}'s. */
        List<Long> eventIdsUpTo(long lastId) throws InterruptedException {
            List<Long> ids = new ArrayList<>();
            while (ids.isEmpty() || ids.getLast() != lastId) {
                String line = line();
                assertThat(line).as("the stream ended before " + lastId).isNotNull();
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring("id: ".length())));
                }
            }
            return ids;
        }

        /** Reads up to and including {@code line}. */
        void skipTo(String line) throws InterruptedException {
            for (String next = line(); !line.equals(next); next = line()) {
                assertThat(next).as("the stream ended before " + line).isNotNull();
            }
        }

        /** Waits for both threads to end; an interrupted test fails (a resource's close may not be interrupted). */
        @Override
        public void close() {
            try {
                writer.join();
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the stream's threads ended", e);
            }
        }
    }
}
