package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.ReadOnlyDatabase;
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
 * {@code PATCH} and {@code DELETE /sessions/{id}/messages/{message_id}}, and replies: who may change
 * a message, what an edit and a deletion leave in the history, the database, the counts and the
 * cached latest page, and how both reach open streams and resuming ones.
 */
abstract class MessageEditFlows extends FlowSuite {

    @Test
    void theAuthorEditsTheirMessageWhichKeepsItsIdAndCreationTime() {
        Account author = newAccount();
        Session session = createSession(author, "edits");
        Message posted = postMessage(author, session.id(), "helo");

        Response response = edit(author, session.id(), posted.id(), "hello");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).hasValue("no-store");
        Message edited = response.as(Message.class);
        assertThat(edited.id()).isEqualTo(posted.id());
        assertThat(edited.createdAt()).isEqualTo(posted.createdAt());
        assertThat(edited.text()).isEqualTo("hello");
        assertThat(response.json().path("edited_at").asText()).matches(TIME);
        assertThat(edited.deletedAt()).isNull();
        assertThat(edited)
                .isEqualTo(new Message(
                        posted.id(),
                        session.id(),
                        author.user().id(),
                        author.email(),
                        "hello",
                        posted.createdAt(),
                        null,
                        edited.editedAt(),
                        null));
        assertThat(history(author, session.id())).containsExactly(edited);
        assertThat(historyFrom(author, session.id(), 0)).containsExactly(edited);
    }

    @Test
    void onlyTheAuthorEditsAMessageOtherMembersGet403AndStrangers404() {
        Account owner = newAccount();
        Account member = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "who edits");
        addMember(owner, session.id(), member);
        Message byMember = postMessage(member, session.id(), "mine");
        Message byOwner = postMessage(owner, session.id(), "the owner's");
        Session elsewhere = createSession(owner, "elsewhere");
        Message inElsewhere = postMessage(owner, elsewhere.id(), "not in that session");

        assertProblem(edit(owner, session.id(), byMember.id(), "the owner may not"), 403);
        assertProblem(edit(member, session.id(), byOwner.id(), "nor a member"), 403);
        assertProblem(edit(stranger, session.id(), byOwner.id(), "nor a stranger"), 404);
        assertProblem(edit(owner, session.id(), inElsewhere.id(), "another session's"), 404);
        assertProblem(edit(owner, elsewhere.id(), byMember.id(), "through another session"), 404);
        assertProblem(edit(owner, session.id(), byOwner.id() + 1_000_000, "no such message"), 404);

        assertThat(history(owner, session.id())).containsExactly(byMember, byOwner);
        assertThat(history(owner, elsewhere.id())).containsExactly(inElsewhere);
        assertThat(edit(member, session.id(), byMember.id(), "mine, edited").status())
                .isEqualTo(200);
    }

    @Test
    void anEditedTextIsValidatedAsAPostedOne() {
        Account author = newAccount();
        Session session = createSession(author, "validation");
        Message posted = postMessage(author, session.id(), "valid");

        assertInvalid(edit(author, session.id(), posted.id(), "   "), "text");
        assertInvalid(edit(author, session.id(), posted.id(), ""), "text");
        assertInvalid(edit(author, session.id(), posted.id(), "x".repeat(4001)), "text");
        assertInvalid(edit(author, session.id(), posted.id(), "bell \u0007"), "text");
        assertInvalid(
                api().patch(path(session.id(), posted.id()))
                        .as(author)
                        .json(Map.of())
                        .send(),
                "text");

        assertThat(history(author, session.id())).containsExactly(posted);
        assertThat(edit(author, session.id(), posted.id(), "x".repeat(4000)).status())
                .isEqualTo(200);
    }

    @Test
    void theSameTextAgainChangesNothingAndTellsNothing() {
        Account author = newAccount();
        Session session = createSession(author, "no-op");
        Message posted = postMessage(author, session.id(), "as it was");

        try (EventStreamRecorder stream = openStream(author, "/sessions/" + session.id() + "/events", Map.of())) {
            Response same = edit(author, session.id(), posted.id(), "as it was");
            assertThat(same.status()).isEqualTo(200);
            assertThat(same.as(Message.class)).isEqualTo(posted);

            Message edited = edit(author, session.id(), posted.id(), "changed").as(Message.class);
            Response again = edit(author, session.id(), posted.id(), "changed");
            assertThat(again.as(Message.class))
                    .as("edited_at stays that of the last real edit")
                    .isEqualTo(edited);

            assertChange(stream, "message_edited", edited);
            stream.assertNoEventBefore(postMessage(author, session.id(), "marker"));
        }
    }

    @Test
    void aDeletedMessageCannotBeEdited() {
        Account author = newAccount();
        Session session = createSession(author, "tombstones");
        Message posted = postMessage(author, session.id(), "soon gone");
        assertThat(delete(author, session.id(), posted.id()).status()).isEqualTo(204);

        assertProblem(edit(author, session.id(), posted.id(), "back?"), 409);

        assertThat(history(author, session.id()).getFirst().text()).isNull();
    }

    @Test
    void theAuthorAndTheOwnerDeleteOtherMembersGet403AndStrangers404() {
        Account owner = newAccount();
        Account member = newAccount();
        Account other = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "who deletes");
        addMember(owner, session.id(), member);
        addMember(owner, session.id(), other);
        Message first = postMessage(member, session.id(), "the member deletes this");
        Message second = postMessage(member, session.id(), "the owner deletes this");
        Message third = postMessage(owner, session.id(), "nobody else deletes this");

        assertProblem(delete(other, session.id(), first.id()), 403);
        assertProblem(delete(member, session.id(), third.id()), 403);
        assertProblem(delete(stranger, session.id(), first.id()), 404);
        assertProblem(delete(owner, session.id(), third.id() + 1_000_000), 404);
        assertThat(history(owner, session.id())).containsExactly(first, second, third);

        assertThat(delete(member, session.id(), first.id()).status()).isEqualTo(204);
        assertThat(delete(owner, session.id(), second.id()).status()).isEqualTo(204);

        List<Message> shown = history(other, session.id());
        assertThat(shown).hasSize(3);
        assertTombstoneOf(shown.get(0), first);
        assertTombstoneOf(shown.get(1), second);
        assertThat(shown.get(2)).isEqualTo(third);
    }

    @Test
    void aTombstoneKeepsItsIdAuthorAndTimesAndShowsItsTextAsNull() {
        Account author = newAccount();
        Session session = createSession(author, "tombstone shape");
        Message posted = postMessage(author, session.id(), "a secret said too soon");

        assertThat(delete(author, session.id(), posted.id()).status()).isEqualTo(204);

        JsonNode tombstone = api().get("/sessions/" + session.id() + "/messages")
                .as(author)
                .send()
                .json()
                .path("messages")
                .get(0);
        assertThat(fieldNames(tombstone))
                .containsExactlyInAnyOrder(
                        "id",
                        "session_id",
                        "user_id",
                        "user_email",
                        "text",
                        "created_at",
                        "reply_to",
                        "edited_at",
                        "deleted_at");
        assertThat(tombstone.path("text").isNull()).isTrue();
        assertThat(tombstone.path("deleted_at").asText()).matches(TIME);
        assertThat(tombstone.path("id").asLong()).isEqualTo(posted.id());
        assertThat(tombstone.path("user_id").asLong()).isEqualTo(author.user().id());
        assertThat(tombstone.path("created_at").asText())
                .isEqualTo(json(posted).path("created_at").asText());
    }

    @Test
    void aDeletedMessagesTextIsGoneFromTheDatabase() {
        Account author = newAccount();
        Session session = createSession(author, "forget it");
        Message posted = postMessage(author, session.id(), "a phone number: 555-0199");

        assertThat(delete(author, session.id(), posted.id()).status()).isEqualTo(204);

        try (ReadOnlyDatabase stored = servers().shared().storedData()) {
            List<List<Object>> rows = stored.rows("SELECT text, deleted_at FROM messages WHERE id = " + posted.id());
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().get(0)).isEqualTo("");
            assertThat(rows.getFirst().get(1)).isNotNull();
        }
    }

    @Test
    void deletingTwiceIs204AndChangesNothing() {
        Account author = newAccount();
        Session session = createSession(author, "twice");
        Message posted = postMessage(author, session.id(), "once is enough");
        assertThat(delete(author, session.id(), posted.id()).status()).isEqualTo(204);
        Message tombstone = history(author, session.id()).getFirst();

        try (EventStreamRecorder stream = openStream(author, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(delete(author, session.id(), posted.id()).status()).isEqualTo(204);

            assertThat(history(author, session.id())).containsExactly(tombstone);
            stream.assertNoEventBefore(postMessage(author, session.id(), "marker"));
        }
    }

    @Test
    void aReplyNamesAMessageOfTheSameSession() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "replies");
        addMember(owner, session.id(), member);
        Message question = postMessage(owner, session.id(), "who brings the guidebook?");

        Response answered = post(member, session.id(), new NewMessage("I do", question.id()));

        assertThat(answered.status()).as(answered.body()).isEqualTo(201);
        Message reply = answered.as(Message.class);
        assertThat(reply.replyTo()).isEqualTo(question.id());
        assertThat(answered.json().path("reply_to").asLong()).isEqualTo(question.id());
        assertThat(history(owner, session.id())).containsExactly(question, reply);
    }

    @Test
    void aReplyToAnythingButAMessageOfTheSessionIs422() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "bad replies");
        Message here = postMessage(owner, session.id(), "here");
        Session other = createSession(owner, "other");
        Message there = postMessage(owner, other.id(), "there");
        Message gone = postMessage(owner, session.id(), "gone");
        assertThat(delete(owner, session.id(), gone.id()).status()).isEqualTo(204);

        assertThat(assertInvalid(
                                post(owner, session.id(), new NewMessage("to another session", there.id())), "reply_to")
                        .detail())
                .contains("not a message of session " + session.id());
        assertInvalid(post(owner, session.id(), new NewMessage("to nothing", here.id() + 1_000_000)), "reply_to");
        assertInvalid(post(owner, session.id(), new NewMessage("to zero", 0L)), "reply_to");
        assertInvalid(post(owner, session.id(), new NewMessage("to a tombstone", gone.id())), "reply_to");
        assertProblem(post(stranger, session.id(), new NewMessage("from outside", here.id())), 404);

        assertThat(history(owner, session.id())).extracting(Message::id).containsExactly(here.id(), gone.id());
    }

    @Test
    void aRetryWithTheKeyOfAnEditedMessageGetsItAsItNowIs() {
        Account author = newAccount();
        Session session = createSession(author, "retries");
        Response first = api().post("/sessions/" + session.id() + "/messages")
                .as(author)
                .header("Idempotency-Key", "edit-then-retry")
                .json(new NewMessage("first text"))
                .send();
        Message posted = first.as(Message.class);
        Message edited = edit(author, session.id(), posted.id(), "second text").as(Message.class);

        Response retry = api().post("/sessions/" + session.id() + "/messages")
                .as(author)
                .header("Idempotency-Key", "edit-then-retry")
                .json(new NewMessage("first text"))
                .send();

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.as(Message.class)).isEqualTo(edited);
        assertThat(history(author, session.id())).containsExactly(edited);
    }

    @Test
    void deletingAnUnreadMessageTakesItOffTheUnreadCountAndAReadOneOffNobodys() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "counts");
        addMember(owner, session.id(), member);
        Message first = postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        Message third = postMessage(owner, session.id(), "three");
        markRead(member, session.id(), first.id());
        assertThat(session(member, session.id()).unreadCount()).isEqualTo(2);

        assertThat(delete(owner, session.id(), second.id()).status()).isEqualTo(204);
        assertThat(session(member, session.id()).unreadCount())
                .as("the unread one gone")
                .isEqualTo(1);
        assertThat(session(owner, session.id()).unreadCount()).isZero();

        assertThat(delete(owner, session.id(), first.id()).status()).isEqualTo(204);
        assertThat(session(member, session.id()).unreadCount())
                .as("a read one gone")
                .isEqualTo(1);
        assertThat(session(owner, session.id()).unreadCount()).isZero();

        markRead(member, session.id(), third.id());
        assertThat(session(member, session.id()).unreadCount()).isZero();
        assertThat(session(member, session.id()).lastReadId()).isEqualTo(third.id());
    }

    @Test
    void deletingTheLatestMessageKeepsCountsMarkersAndTheLatestPageRight() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "the latest");
        addMember(owner, session.id(), member);
        Message first = postMessage(owner, session.id(), "one");
        Message latest = postMessage(member, session.id(), "two");
        assertThat(history(owner, session.id())).containsExactly(first, latest);

        assertThat(delete(member, session.id(), latest.id()).status()).isEqualTo(204);

        List<Message> page = history(owner, session.id());
        assertThat(page).hasSize(2);
        assertThat(page.getFirst()).isEqualTo(first);
        assertTombstoneOf(page.getLast(), latest);
        Session seenByOwner = session(owner, session.id());
        assertThat(seenByOwner.unreadCount()).isZero();
        assertThat(seenByOwner.lastMessageAt())
                .as("when the newest message, a tombstone now, was posted")
                .isEqualTo(latest.createdAt());
        assertThat(session(member, session.id()).unreadCount()).isZero();
        assertThat(session(member, session.id()).lastReadId()).isEqualTo(latest.id());

        Message next = postMessage(owner, session.id(), "three");
        assertThat(session(member, session.id()).unreadCount()).isEqualTo(1);
        markRead(member, session.id(), next.id());
        assertThat(session(member, session.id()).unreadCount()).isZero();
    }

    @Test
    void markingReadAcrossADeletedMessageCountsOnlyTheOthers() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "read across");
        addMember(owner, session.id(), member);
        postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        Message third = postMessage(owner, session.id(), "three");
        assertThat(delete(owner, session.id(), second.id()).status()).isEqualTo(204);
        assertThat(session(member, session.id()).unreadCount()).isEqualTo(2);

        markRead(member, session.id(), second.id());
        assertThat(session(member, session.id()).unreadCount())
                .as("a tombstone is a message to read up to")
                .isEqualTo(1);
        markRead(member, session.id(), third.id());
        assertThat(session(member, session.id()).unreadCount()).isZero();
    }

    @Test
    void theLatestPageShowsAnEditAndADeletionAtOnce() {
        Account author = newAccount();
        Session session = createSession(author, "cached");
        Message first = postMessage(author, session.id(), "one");
        Message second = postMessage(author, session.id(), "two");
        // Read once, so that the page is the one kept in memory.
        assertThat(history(author, session.id())).containsExactly(first, second);
        assertThat(historyPage(author, session.id(), "?limit=1").messages()).containsExactly(second);

        Message edited = edit(author, session.id(), first.id(), "one, edited").as(Message.class);
        assertThat(history(author, session.id())).containsExactly(edited, second);

        assertThat(delete(author, session.id(), second.id()).status()).isEqualTo(204);
        List<Message> page = history(author, session.id());
        assertThat(page.getFirst()).isEqualTo(edited);
        assertTombstoneOf(page.getLast(), second);
        assertThat(historyPage(author, session.id(), "?limit=1")
                        .messages()
                        .getFirst()
                        .deletedAt())
                .isNotNull();
    }

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

    /** The next event is {@code name} carrying {@code message}, its {@code id:} above the message's. */
    private static EventStreamRecorder.Event assertChange(EventStreamRecorder stream, String name, Message message) {
        EventStreamRecorder.Event event = stream.assertEvent();
        assertThat(event.name()).as(event.toString()).isEqualTo(name);
        assertThat(event.message()).isEqualTo(message);
        assertThat(Long.parseLong(event.id())).isGreaterThanOrEqualTo(message.id());
        return event;
    }

    private static void assertTombstoneOf(Message tombstone, Message original) {
        assertThat(tombstone.id()).isEqualTo(original.id());
        assertThat(tombstone.userId()).isEqualTo(original.userId());
        assertThat(tombstone.userEmail()).isEqualTo(original.userEmail());
        assertThat(tombstone.createdAt()).isEqualTo(original.createdAt());
        assertThat(tombstone.replyTo()).isEqualTo(original.replyTo());
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.deletedAt()).isNotNull();
    }

    private static JsonNode json(Message message) {
        return Json.mapper().valueToTree(message);
    }

    private static String path(long sessionId, long messageId) {
        return "/sessions/" + sessionId + "/messages/" + messageId;
    }

    private Response edit(Account caller, long sessionId, long messageId, String text) {
        return api().patch(path(sessionId, messageId))
                .as(caller)
                .json(new MessageEdit(text))
                .send();
    }

    private Response delete(Account caller, long sessionId, long messageId) {
        return api().delete(path(sessionId, messageId)).as(caller).send();
    }

    private Response post(Account caller, long sessionId, NewMessage message) {
        return api().post("/sessions/" + sessionId + "/messages")
                .as(caller)
                .json(message)
                .send();
    }

    private void markRead(Account reader, long sessionId, long messageId) {
        Response response = api().put("/sessions/" + sessionId + "/read")
                .as(reader)
                .json(Map.of("last_read_id", messageId))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(204);
    }

    /** The latest page: the one kept in memory. */
    private List<Message> history(Account reader, long sessionId) {
        return historyPage(reader, sessionId, "").messages();
    }

    /** A page read from the database, not from memory. */
    private List<Message> historyFrom(Account reader, long sessionId, long afterId) {
        return historyPage(reader, sessionId, "?after_id=" + afterId).messages();
    }

    private MessagePage historyPage(Account reader, long sessionId, String query) {
        Response response = api().get("/sessions/" + sessionId + "/messages" + query)
                .as(reader)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(MessagePage.class);
    }
}
