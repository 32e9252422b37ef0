package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.metrics.Meters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over from replay to live delivery of a resumed stream, made to happen every time: a
 * message is committed exactly after the replay's last read and before the stream goes live (the
 * stream's {@link EventStream#onReplayRead} hook), the window a stream subscribed only after its
 * replay would lose it in. It must come once, between the replay and what follows. On a real SQLite
 * database through the same writer, fan-out and queries as the server's; no socket.
 */
@Timeout(60)
class ResumeHandOverTest {

    private static final String EMAIL = "hand-over@example.com";

    @TempDir
    Path dir;

    private Database db;
    private LocalFanOut fanOut;
    private EventQueries queries;
    private EventRows rows;
    private long userId;
    private long sessionId;

    @BeforeEach
    void openDatabase() {
        db = Database.openSqlite(dir.resolve("test.db"), 2);
        fanOut = new LocalFanOut(new StreamMeters(Meters.none()));
        db.changes().deliverTo(change -> {
            if (change instanceof SessionChange session) {
                fanOut.publish(session);
            }
        });
        queries = new EventQueries(db, fanOut);
        rows = new EventRows(db);
        userId = rows.user(EMAIL);
        sessionId = rows.session(userId);
    }

    @AfterEach
    void closeDatabase() {
        fanOut.close();
        db.close();
    }

    @Test
    void aMessageCommittedBetweenTheReplayAndGoingLiveComesOnceInOrder() throws Exception {
        assertHandOver(() -> queries.followSession(userId, sessionId, buffers()), OptionalLong.of(sessionId));
    }

    @Test
    void theStreamOfAllSessionsHandsOverAlike() throws Exception {
        assertHandOver(() -> queries.followAllSessions(userId, buffers()), OptionalLong.empty());
    }

    /** Opens a stream as the routes do (follow, then write), resumed after the first of two messages. */
    private void assertHandOver(Supplier<Subscription> follow, OptionalLong streamedSession) throws Exception {
        Message first = post("one");
        Message second = post("two");
        List<Message> committedInTheWindow = new CopyOnWriteArrayList<>();
        CountDownLatch windowCommitted = new CountDownLatch(1);

        Subscription subscription = follow.get();
        EventStream stream = new EventStream(
                        queries,
                        subscription,
                        streamedSession,
                        Duration.ofMinutes(5),
                        Optional::empty,
                        new StreamMeters(Meters.none()))
                .onReplayRead(() -> {
                    committedInTheWindow.add(post("in the window"));
                    windowCommitted.countDown();
                });
        PipedInputStream received = new PipedInputStream(1 << 16);
        PipedOutputStream written = new PipedOutputStream(received);
        Thread writer = Thread.ofVirtual().name("stream").start(() -> {
            try (written) {
                stream.writeTo(written, new byte[0], OptionalLong.of(first.id()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                fanOut.unsubscribe(subscription);
            }
        });
        try (BufferedReader frames = new BufferedReader(new InputStreamReader(received, StandardCharsets.UTF_8))) {
            assertThat(nextEventId(frames)).as("the replay").isEqualTo(second.id());
            assertThat(windowCommitted.await(30, TimeUnit.SECONDS))
                    .as("the hook ran")
                    .isTrue();
            // Posted after the message in the window, so it comes after it: whether that one is lost
            // or doubled shows at once, with nothing waited for.
            Message marker = post("marker");
            assertThat(nextEventId(frames))
                    .as("the message committed between the replay and going live")
                    .isEqualTo(committedInTheWindow.getFirst().id());
            assertThat(nextEventId(frames))
                    .as("the next live message, with no duplicate before it")
                    .isEqualTo(marker.id());
            assertThat(committedInTheWindow).as("the hook ran once").hasSize(1);

            fanOut.close();
            writer.join();
            assertThat(nextEventId(frames)).as("nothing after the end").isEqualTo(-1);
        }
    }

    /** The id of the next event written, or -1 once the stream has ended. */
    private static long nextEventId(BufferedReader frames) throws IOException {
        for (String line = frames.readLine(); line != null; line = frames.readLine()) {
            if (line.startsWith("id: ")) {
                return Long.parseLong(line.substring("id: ".length()));
            }
        }
        return -1;
    }

    private static StreamBuffers buffers() {
        return new StreamBuffers(64, 1 << 20, 1 << 24);
    }

    /** Stores a message and tells it, as a post does; returns once the fan-out has it. */
    private Message post(String text) {
        return rows.post(sessionId, userId, EMAIL, text);
    }
}
