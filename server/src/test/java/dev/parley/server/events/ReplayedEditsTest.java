package dev.parley.server.events;

import static dev.parley.schema.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.db.Rows;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed stream when messages it has to send change while its replay runs, made to happen every
 * time through the stream's hooks: a message edited before the replay reached it drops out of the
 * replay (its seq is above the horizon now) and must come once, as a new message, when its edit
 * comes live; a message edited after the replay sent it comes as an edit. On a real SQLite database
 * through the same writer, fan-out and queries as the server's; no socket.
 */
@Timeout(60)
class ReplayedEditsTest {

    private static final String EMAIL = "replayed@example.com";

    /** One event as a client reads it. */
    private record Event(long id, String name, Message message) {}

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
    void aMessageEditedBeforeTheReplayReachedItComesOnceAsNewWhenItsEditComesLive() throws Exception {
        Message first = rows.message(sessionId, userId, EMAIL, "one");
        Message second = rows.message(sessionId, userId, EMAIL, "two");
        Message third = rows.message(sessionId, userId, EMAIL, "three");
        List<Message> edits = new ArrayList<>();

        try (Stream stream = open(0, hookOnce(() -> edits.add(edit(second, "two, edited"))), () -> {})) {
            assertThat(stream.next()).isEqualTo(new Event(first.id(), "message", first));
            assertThat(stream.next()).isEqualTo(new Event(third.id(), "message", third));
            Event edited = stream.next();
            assertThat(edited.name()).as("the client never had it").isEqualTo("message");
            assertThat(edited.message()).isEqualTo(edits.getFirst());
            assertThat(edited.id()).isGreaterThan(third.id());
            Message marker = post("marker");
            assertThat(stream.next()).isEqualTo(new Event(marker.id(), "message", marker));
        }
    }

    @Test
    void aMessageEditedAfterTheReplaySentItComesAsAnEdit() throws Exception {
        Message first = rows.message(sessionId, userId, EMAIL, "one");
        Message second = rows.message(sessionId, userId, EMAIL, "two");
        List<Message> edits = new ArrayList<>();

        try (Stream stream = open(0, () -> {}, () -> edits.add(edit(first, "one, edited")))) {
            assertThat(stream.next()).isEqualTo(new Event(first.id(), "message", first));
            assertThat(stream.next()).isEqualTo(new Event(second.id(), "message", second));
            Event edited = stream.next();
            assertThat(edited.name()).isEqualTo("message_edited");
            assertThat(edited.message()).isEqualTo(edits.getFirst());
            Message marker = post("marker");
            assertThat(stream.next()).isEqualTo(new Event(marker.id(), "message", marker));
        }
    }

    @Test
    void aMessageEditedTwiceBeforeTheReplayReachedItComesAsNewThenAsEdited() throws Exception {
        Message first = rows.message(sessionId, userId, EMAIL, "one");
        List<Message> edits = new ArrayList<>();

        try (Stream stream = open(
                0,
                hookOnce(() -> {
                    edits.add(edit(first, "one, edited"));
                    edits.add(edit(first, "one, edited again"));
                }),
                () -> {})) {
            Event asNew = stream.next();
            assertThat(asNew.name()).isEqualTo("message");
            assertThat(asNew.message()).isEqualTo(edits.get(0));
            Event again = stream.next();
            assertThat(again.name()).isEqualTo("message_edited");
            assertThat(again.message()).isEqualTo(edits.get(1));
            assertThat(again.id()).isGreaterThan(asNew.id());
        }
    }

    /**
     * Over two pages: before the second page is read, a message of the first page (sent already)
     * and one of the second (not yet) are edited. Each message comes as new exactly once, the first
     * one's edit as an edit.
     */
    @Test
    void editsBetweenTheReplaysPagesComeOnceEachAsWhatTheClientNeeds() throws Exception {
        List<Long> ids = rows.messages(sessionId, userId, EventStream.REPLAY_PAGE + 2);
        long sentInPageOne = ids.get(2);
        long dueInPageTwo = ids.get(EventStream.REPLAY_PAGE);
        AtomicInteger pages = new AtomicInteger();
        List<Message> edits = new ArrayList<>();
        Runnable beforePage = () -> {
            if (pages.incrementAndGet() == 2) {
                edits.add(edit(read(sentInPageOne), "sent, then edited"));
                edits.add(edit(read(dueInPageTwo), "edited before it was sent"));
            }
        };

        try (Stream stream = open(0, beforePage, () -> {})) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < ids.size() + 1; i++) {
                events.add(stream.next());
            }
            Message marker = post("marker");
            assertThat(stream.next()).as("nothing else").isEqualTo(new Event(marker.id(), "message", marker));

            assertThat(events)
                    .extracting(Event::id)
                    .as("ascending, none twice")
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(events.stream()
                            .filter(event -> event.name().equals("message"))
                            .map(event -> event.message().id()))
                    .as("every message once as new")
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(events.stream().filter(event -> event.name().equals("message_edited")))
                    .extracting(Event::message)
                    .containsExactly(edits.get(0));
            assertThat(events.getLast()).isEqualTo(new Event(events.getLast().id(), "message", edits.get(1)));
        }
    }

    /** Runs {@code hook} before the first page only. */
    private static Runnable hookOnce(Runnable hook) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() == 1) {
                hook.run();
            }
        };
    }

    /** A stream of the session resumed after {@code cursor}, as the routes open one, with its hooks. */
    private Stream open(long cursor, Runnable beforePage, Runnable afterReplay) throws IOException {
        Subscription subscription = queries.followSession(userId, sessionId, new StreamBuffers(1024, 1 << 24, 1 << 26));
        EventStream stream = new EventStream(
                        queries,
                        subscription,
                        OptionalLong.of(sessionId),
                        Duration.ofMinutes(5),
                        Optional::empty,
                        new StreamMeters(Meters.none()))
                .beforeReplayPage(beforePage)
                .onReplayRead(afterReplay);
        PipedInputStream received = new PipedInputStream(1 << 20);
        PipedOutputStream written = new PipedOutputStream(received);
        Thread writer = Thread.ofVirtual().name("stream").start(() -> {
            try (written) {
                stream.writeTo(written, new byte[0], OptionalLong.of(cursor));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                fanOut.unsubscribe(subscription);
            }
        });
        return new Stream(new BufferedReader(new InputStreamReader(received, StandardCharsets.UTF_8)), writer);
    }

    /** What a client reads; closing ends the stream. */
    private final class Stream implements AutoCloseable {
        private final BufferedReader frames;
        private final Thread writer;

        Stream(BufferedReader frames, Thread writer) {
            this.frames = frames;
            this.writer = writer;
        }

        Event next() throws IOException {
            long id = -1;
            String name = null;
            for (String line = frames.readLine(); line != null; line = frames.readLine()) {
                if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring("id: ".length()));
                } else if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    return new Event(id, name, parse(line.substring("data: ".length())));
                }
            }
            throw new AssertionError("the stream ended");
        }

        /** Ends the stream and waits for its writer; an interrupted test fails (a resource's close may not be interrupted). */
        @Override
        public void close() throws IOException {
            fanOut.close();
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the stream's writer ended", e);
            }
            frames.close();
        }
    }

    private static Message parse(String data) {
        try {
            return Json.mapper().readValue(data, Message.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(data, e);
        }
    }

    private Message read(long messageId) {
        return db.reads()
                .select(MESSAGES.TEXT, MESSAGES.CREATED_AT)
                .from(MESSAGES)
                .where(MESSAGES.ID.eq(messageId))
                .fetchSingle(r ->
                        new Message(messageId, sessionId, userId, EMAIL, r.value1(), r.value2(), null, null, null));
    }

    /** Stores a message and tells it, as a post does; returns once the fan-out has it. */
    private Message post(String text) {
        return rows.post(sessionId, userId, EMAIL, text);
    }

    /** Edits a message and tells it, as an edit does (a fresh seq); returns once the fan-out has it. */
    private Message edit(Message message, String text) {
        return db.writer()
                .writeAndTell(tx -> Rows.edit(tx, db.writer(), message, text), Optional::of)
                .message();
    }
}
