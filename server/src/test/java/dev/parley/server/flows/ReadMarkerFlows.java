package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.ReadMarker;
import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code PUT /sessions/{id}/read} and the {@code last_read_id} / {@code unread_count} of each Session. */
abstract class ReadMarkerFlows extends FlowSuite {

    @Test
    void unreadCountsTheMessagesAfterTheReadMarker() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Unread");
        addMember(owner, session.id(), member);
        Message first = postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        postMessage(owner, session.id(), "three");

        Session before = session(member, session.id());
        Response marked = markRead(member, session.id(), second.id());
        Session after = session(member, session.id());

        assertThat(before.unreadCount()).isEqualTo(3);
        assertThat(marked.status()).as(marked.body()).isEqualTo(204);
        assertThat(after.lastReadId()).isEqualTo(second.id());
        assertThat(after.unreadCount()).isEqualTo(1);
        assertThat(markRead(member, session.id(), first.id()).status()).isEqualTo(204);
        assertThat(session(member, session.id()).lastReadId())
                .as("never moves back")
                .isEqualTo(second.id());
        assertThat(session(member, session.id()).unreadCount()).isEqualTo(1);
    }

    @Test
    void theMarkerIsEachMembersOwn() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Own");
        addMember(owner, session.id(), member);
        Message last = postMessage(member, session.id(), "from the member");

        assertThat(session(owner, session.id()).unreadCount()).isEqualTo(1);
        assertThat(session(member, session.id()).unreadCount())
                .as("posting reads up to one's own message")
                .isZero();
        assertThat(session(member, session.id()).lastReadId()).isEqualTo(last.id());
        assertThat(api().get("/sessions").as(owner).send().as(SessionPage.class).sessions())
                .filteredOn(s -> s.id() == session.id())
                .extracting(Session::unreadCount)
                .containsExactly(1L);
    }

    @Test
    void aNewMemberStartsWithNothingUnread() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "History");
        Message old = postMessage(owner, session.id(), "before you came");
        addMember(owner, session.id(), member);

        Session joined = session(member, session.id());
        postMessage(owner, session.id(), "after you came");

        assertThat(joined.unreadCount()).isZero();
        assertThat(joined.lastReadId()).isEqualTo(old.id());
        assertThat(session(member, session.id()).unreadCount()).isEqualTo(1);
    }

    @Test
    void aSessionWithoutMessagesHasNoMarkerAndNothingUnread() {
        Account owner = newAccount();
        Session session = createSession(owner, "Empty");

        assertThat(session.lastReadId()).isNull();
        assertThat(session.unreadCount()).isZero();
        assertThat(session.memberCount()).isEqualTo(1);
        assertThat(api().get("/sessions/" + session.id())
                        .as(owner)
                        .send()
                        .json()
                        .has("last_read_id"))
                .isFalse();
    }

    @Test
    void aMarkerOnAMessageOfAnotherSessionOrNoneIs422() {
        Account owner = newAccount();
        Session session = createSession(owner, "Here");
        Session other = createSession(owner, "There");
        Message elsewhere = postMessage(owner, other.id(), "elsewhere");

        assertInvalid(markRead(owner, session.id(), elsewhere.id()), "last_read_id");
        assertInvalid(markRead(owner, session.id(), 0), "last_read_id");
        assertInvalid(
                api().put("/sessions/" + session.id() + "/read")
                        .as(owner)
                        .json(Map.of())
                        .send(),
                "last_read_id");
        assertInvalid(
                api().put("/sessions/" + session.id() + "/read")
                        .as(owner)
                        .json(Map.of("last_read_id", "seven"))
                        .send(),
                "last_read_id");
    }

    private Response markRead(Account reader, long sessionId, long messageId) {
        return api().put("/sessions/" + sessionId + "/read")
                .as(reader)
                .json(new ReadMarker(messageId))
                .send();
    }
}
