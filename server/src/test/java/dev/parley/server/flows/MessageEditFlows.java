package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.ReadOnlyDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code PATCH} and {@code DELETE /sessions/{id}/messages/{message_id}}, and replies: who may change
 * a message, and what an edit and a deletion leave in the history, the database, the counts and the
 * cached latest page. How both reach streams: {@link MessageEditStreamFlows}.
 */
abstract class MessageEditFlows extends MessageEditSuite {

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
}
