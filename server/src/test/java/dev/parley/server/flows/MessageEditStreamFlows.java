package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How edits and deletions reach open event streams and resuming ones: as events of their own, once,
 * in order, across a restart, and when a stream is cut inside its replay.
 */
abstract class MessageEditStreamFlows extends MessageEditSuite {

    @Test
    void editsAndDeletionsReachEveryOpenStreamAsEventsOfTheirOwn() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "live");
        addMember(owner, session.id(), member);
        Message posted = postMessage(owner, session.id(), "live text");

        try (EventStreamRecorder ofSession = openStream(member, "/sessions/" + session.id() + "/events", Map.of());
                EventStreamRecorder ofAll = openStream(owner, "/events", Map.of())) {
            Message edited =
                    edit(owner, session.id(), posted.id(), "live text, edited").as(Message.class);
            assertThat(delete(owner, session.id(), posted.id()).status()).isEqualTo(204);
            Message tombstone = history(owner, session.id()).getFirst();

            for (EventStreamRecorder stream : List.of(ofSession, ofAll)) {
                EventStreamRecorder.Event editEvent = assertChange(stream, "message_edited", edited);
                EventStreamRecorder.Event deleteEvent = assertChange(stream, "message_deleted", tombstone);
                assertThat(Long.parseLong(editEvent.id())).isGreaterThan(posted.id());
                assertThat(Long.parseLong(deleteEvent.id())).isGreaterThan(Long.parseLong(editEvent.id()));
                assertThat(deleteEvent.data()).contains("\"text\":null");
            }
            Message marker = postMessage(member, session.id(), "marker");
            ofSession.assertNoEventBefore(marker);
            ofAll.assertNoEventBefore(marker);
        }
    }

    @Test
    void aResumedStreamGetsEachChangeItMissedOnceInOrderInItsLatestState() {
        Account author = newAccount();
        Session session = createSession(author, "resume");
        Message first = postMessage(author, session.id(), "one");
        Message second = postMessage(author, session.id(), "two");
        Message third = postMessage(author, session.id(), "three");
        String path = "/sessions/" + session.id() + "/events";

        // While the client is away: an edit, a deletion, a new message edited twice, an old one edited twice.
        Message firstEdited =
                edit(author, session.id(), first.id(), "one, edited").as(Message.class);
        assertThat(delete(author, session.id(), second.id()).status()).isEqualTo(204);
        Message fourth = postMessage(author, session.id(), "four");
        edit(author, session.id(), third.id(), "three, edited");
        edit(author, session.id(), fourth.id(), "four, edited");
        Message thirdLatest =
                edit(author, session.id(), third.id(), "three, edited again").as(Message.class);
        Message fourthLatest =
                edit(author, session.id(), fourth.id(), "four, edited again").as(Message.class);
        Message secondTombstone = history(author, session.id()).get(1);

        String lastSeen;
        try (EventStreamRecorder resumed =
                openStream(author, path, Map.of("Last-Event-ID", Long.toString(third.id())))) {
            assertChange(resumed, "message_edited", firstEdited);
            assertChange(resumed, "message_deleted", secondTombstone);
            assertChange(resumed, "message_edited", thirdLatest);
            assertChange(resumed, "message", fourthLatest);
            Message marker = postMessage(author, session.id(), "marker");
            assertThat(resumed.assertMessage())
                    .as("nothing more, nothing twice")
                    .isEqualTo(marker);
            lastSeen = Long.toString(marker.id());
        }

        // Resuming again from the last event gets only what came after it.
        Message later =
                edit(author, session.id(), first.id(), "one, edited later").as(Message.class);
        try (EventStreamRecorder again = openStream(author, path, Map.of("Last-Event-ID", lastSeen))) {
            assertChange(again, "message_edited", later);
            again.assertNoEventBefore(postMessage(author, session.id(), "second marker"));
        }
    }

    @Test
    void aStreamResumesAcrossEditsAndDeletionsAfterARestart() {
        try (TestServer server = servers().start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account author = api.newAccount();
            Session session = createSession(server, author);
            String messages = "/sessions/" + session.id() + "/messages";
            Message first = api.post(messages)
                    .as(author)
                    .json(new NewMessage("one"))
                    .send()
                    .as(Message.class);
            Message second = api.post(messages)
                    .as(author)
                    .json(new NewMessage("two"))
                    .send()
                    .as(Message.class);
            Message edited = api.patch(messages + "/" + first.id())
                    .as(author)
                    .json(new MessageEdit("one, edited"))
                    .send()
                    .as(Message.class);
            assertThat(api.delete(messages + "/" + second.id())
                            .as(author)
                            .send()
                            .status())
                    .isEqualTo(204);

            server.restart();

            Message tombstone = api.get(messages)
                    .as(author)
                    .send()
                    .as(MessagePage.class)
                    .messages()
                    .getLast();
            try (EventStreamRecorder resumed = EventStreamRecorder.open(
                    server,
                    "/sessions/" + session.id() + "/events",
                    author.accessToken(),
                    Map.of("Last-Event-ID", Long.toString(second.id())))) {
                EventStreamRecorder.Event editEvent = assertChange(resumed, "message_edited", edited);
                EventStreamRecorder.Event deleteEvent = assertChange(resumed, "message_deleted", tombstone);
                Message after = api.post(messages)
                        .as(author)
                        .json(new NewMessage("after the restart"))
                        .send()
                        .as(Message.class);
                assertThat(resumed.assertMessage()).isEqualTo(after);
                assertThat(Long.parseLong(editEvent.id())).isGreaterThan(second.id());
                assertThat(after.id())
                        .as("the counter went on from the changes' seqs")
                        .isGreaterThan(Long.parseLong(deleteEvent.id()));
            }
        }
    }

    /**
     * The promise of resume with edits: while four members post, edit and delete at once, a
     * subscriber cut off again and again (each time after a random number of events) and resuming
     * with Last-Event-ID gets event ids that only grow, each message as new at most once and its
     * states never going back, and ends up with exactly the session's messages as they are. (An
     * edit may be the first it hears of a message, when a cut fell inside a replay: see
     * {@link #aStreamCutInsideItsReplayResumesWithWhatFollowedItOnce}.)
     */
    @Test
    void aSubscriberCutOffRepeatedlyWhileMembersPostEditAndDeleteEndsWithEveryMessageAsItIs() throws Exception {
        Account owner = newAccount();
        Session session = createSession(owner, "busy with edits");
        List<Account> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Account writer = newAccount();
            addMember(owner, session.id(), writer);
            writers.add(writer);
        }
        String path = "/sessions/" + session.id() + "/events";
        Map<Long, Message> seen = new HashMap<>();
        Random random = new Random(7);
        long lastEventId = 0;
        int connections = 1;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();

        EventStreamRecorder stream = openStream(owner, path, Map.of());
        try (ExecutorService working = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (Account writer : writers) {
                work.add(working.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        Message posted = postMessage(writer, session.id(), writer.email() + " #" + i);
                        assertThat(edit(writer, session.id(), posted.id(), "edited #" + i)
                                        .status())
                                .isEqualTo(200);
                        if (i % 3 == 0) {
                            assertThat(delete(writer, session.id(), posted.id()).status())
                                    .isEqualTo(204);
                        }
                    }
                }));
            }
            Future<Message> theEnd = working.submit(() -> {
                for (Future<?> done : work) {
                    done.get();
                }
                return postMessage(owner, session.id(), "the end");
            });
            Message marker = null;
            while (marker == null || !marker.equals(seen.get(marker.id()))) {
                int take = 1 + random.nextInt(20);
                while (take > 0 && (marker == null || !marker.equals(seen.get(marker.id())))) {
                    assertThat(System.nanoTime())
                            .as("everything heard within a minute")
                            .isLessThan(deadline);
                    if (marker == null && theEnd.isDone()) {
                        marker = theEnd.get();
                    }
                    EventStreamRecorder.Item item = stream.next(Duration.ofMillis(100));
                    assertThat(item instanceof EventStreamRecorder.Ended)
                            .as("the stream goes on")
                            .isFalse();
                    if (item instanceof EventStreamRecorder.Event event) {
                        lastEventId = apply(seen, event, lastEventId);
                        take--;
                    }
                }
                stream.close();
                stream = openStream(owner, path, Map.of("Last-Event-ID", Long.toString(lastEventId)));
                connections++;
            }
        } finally {
            stream.close();
        }

        assertThat(connections).as("the connection was cut many times").isGreaterThan(5);
        List<Message> stored = historyFrom(owner, session.id(), 0);
        assertThat(stored).hasSize(49);
        assertThat(seen.values().stream()
                        .sorted(Comparator.comparingLong(Message::id))
                        .toList())
                .as("every message as it is, none more")
                .isEqualTo(stored);
    }

    /**
     * A replay sends each message at its latest change: a message posted, then edited while the
     * client was away comes after messages posted later. A client cut off between them resumes from
     * an event id above the first message's own id, and gets it as {@code message_edited}: whole,
     * once, though it never had it. Nothing it had comes again.
     */
    @Test
    void aStreamCutInsideItsReplayResumesWithWhatFollowedItOnce() {
        Account author = newAccount();
        Session session = createSession(author, "cut inside");
        Message first = postMessage(author, session.id(), "one");
        Message second = postMessage(author, session.id(), "two");
        Message edited = edit(author, session.id(), first.id(), "one, edited").as(Message.class);
        String path = "/sessions/" + session.id() + "/events";
        String before = Long.toString(first.id() - 1);

        String cutAt;
        try (EventStreamRecorder replay = openStream(author, path, Map.of("Last-Event-ID", before))) {
            cutAt = assertChange(replay, "message", second).id();
            // What an uncut stream goes on with; this client takes no more than the first.
            assertChange(replay, "message", edited);
        }

        try (EventStreamRecorder resumed = openStream(author, path, Map.of("Last-Event-ID", cutAt))) {
            assertChange(resumed, "message_edited", edited);
            resumed.assertNoEventBefore(postMessage(author, session.id(), "marker"));
        }
    }

    /** Applies an event to what the client holds; checks that it moves on, never back. Its id. */
    private static long apply(Map<Long, Message> held, EventStreamRecorder.Event event, long lastEventId) {
        long id = Long.parseLong(event.id());
        assertThat(id).as("event ids only grow: " + event).isGreaterThan(lastEventId);
        Message message = event.message();
        Message before = held.get(message.id());
        if (event.name().equals("message")) {
            assertThat(before).as("new once: " + event).isNull();
        } else {
            assertThat(event.name()).isIn("message_edited", "message_deleted");
            if (before != null) {
                assertThat(before.deletedAt() == null || message.deletedAt() != null)
                        .as("a tombstone stays one: " + event)
                        .isTrue();
                assertThat(before.editedAt() == null
                                || message.editedAt() != null
                                        && !message.editedAt().isBefore(before.editedAt()))
                        .as("an edit never goes back: " + event)
                        .isTrue();
            }
        }
        held.put(message.id(), message);
        return id;
    }
}
