package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Member;
import dev.parley.api.MemberList;
import dev.parley.api.NewMember;
import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /sessions/{id}/members}: the owner adds people by email, everyone in a session reads and
 * posts, a member may leave, the owner removes; non-members get 404 everywhere, members 403 on the
 * owner's actions.
 */
abstract class MemberFlows extends FlowSuite {

    @Test
    void anAddedMemberSeesReadsAndPostsInTheSession() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Team");
        postMessage(owner, session.id(), "welcome");

        Response added = api().post("/sessions/" + session.id() + "/members")
                .as(owner)
                .json(new NewMember(member.email()))
                .send();

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode body = added.json();
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("user_id", "email", "role", "joined_at");
        assertThat(body.path("user_id").asLong()).isEqualTo(member.user().id());
        assertThat(body.path("email").asText()).isEqualTo(member.email());
        assertThat(body.path("role").asText()).isEqualTo("member");
        assertThat(body.path("joined_at").asText()).matches(TIME);

        assertThat(api().get("/sessions")
                        .as(member)
                        .send()
                        .as(SessionPage.class)
                        .sessions())
                .extracting(Session::id)
                .containsExactly(session.id());
        assertThat(session(member, session.id()).memberCount()).isEqualTo(2);
        assertThat(api().get("/sessions/" + session.id() + "/messages")
                        .as(member)
                        .send()
                        .body())
                .contains("welcome");
        postMessage(member, session.id(), "thanks");
        assertThat(api().get("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .send()
                        .body())
                .contains("thanks");
    }

    @Test
    void membersAreFoundByEmailWhateverItsCase() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Case");

        Response added = api().post("/sessions/" + session.id() + "/members")
                .as(owner)
                .json(new NewMember("  " + member.email().toUpperCase() + " "))
                .send();

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.as(Member.class).email()).isEqualTo(member.email());
    }

    @Test
    void theMemberListHasTheOwnerAndEveryMemberInJoiningOrder() {
        Account owner = newAccount();
        Account first = newAccount();
        Account second = newAccount();
        Session session = createSession(owner, "Three");
        addMember(owner, session.id(), first);
        addMember(owner, session.id(), second);

        Response response =
                api().get("/sessions/" + session.id() + "/members").as(first).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.as(MemberList.class).members())
                .extracting(Member::userId, Member::role)
                .containsExactly(
                        tuple(owner.user().id(), Member.Role.OWNER),
                        tuple(first.user().id(), Member.Role.MEMBER),
                        tuple(second.user().id(), Member.Role.MEMBER));
    }

    @Test
    void addingAnUnknownEmailIs404AndAddingTwiceIs409() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Unknown");
        addMember(owner, session.id(), member);

        assertProblem(
                api().post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(new NewMember("nobody-" + member.email()))
                        .send(),
                404);
        assertProblem(
                api().post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(new NewMember(member.email()))
                        .send(),
                409);
        assertProblem(
                api().post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(new NewMember(owner.email()))
                        .send(),
                409);
        assertInvalid(
                api().post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(Map.of("email", " "))
                        .send(),
                "email");
    }

    @Test
    void addingAnEmailHoldingANulCharacterFindsNobody() {
        Account owner = newAccount();
        Session session = createSession(owner, "Nul");

        assertProblem(
                api().post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(new NewMember("nul\u0000" + owner.email()))
                        .send(),
                404);
    }

    @Test
    void aMemberWhoIsNotTheOwnerGets403OnTheOwnersActions() {
        Account owner = newAccount();
        Account member = newAccount();
        Account third = newAccount();
        Session session = createSession(owner, "Owner only");
        addMember(owner, session.id(), member);
        addMember(owner, session.id(), third);

        assertProblem(
                api().patch("/sessions/" + session.id())
                        .as(member)
                        .json(new SessionTitle("mine"))
                        .send(),
                403);
        assertProblem(api().delete("/sessions/" + session.id()).as(member).send(), 403);
        assertProblem(
                api().post("/sessions/" + session.id() + "/members")
                        .as(member)
                        .json(new NewMember(newAccount().email()))
                        .send(),
                403);
        assertProblem(
                api().delete("/sessions/" + session.id() + "/members/"
                                + third.user().id())
                        .as(member)
                        .send(),
                403);

        assertThat(session(owner, session.id()).title()).isEqualTo("Owner only");
        assertThat(session(owner, session.id()).memberCount()).isEqualTo(3);
    }

    @Test
    void aStrangerGets404OnEverySessionUrl() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "Private");
        String base = "/sessions/" + session.id();

        assertProblem(api().get(base).as(stranger).send(), 404);
        assertProblem(api().patch(base).as(stranger).json(new SessionTitle("x")).send(), 404);
        assertProblem(api().delete(base).as(stranger).send(), 404);
        assertProblem(api().get(base + "/members").as(stranger).send(), 404);
        assertProblem(
                api().post(base + "/members")
                        .as(stranger)
                        .json(new NewMember(stranger.email()))
                        .send(),
                404);
        assertProblem(
                api().delete(base + "/members/" + owner.user().id())
                        .as(stranger)
                        .send(),
                404);
        assertProblem(
                api().put(base + "/read")
                        .as(stranger)
                        .json(Map.of("last_read_id", 1))
                        .send(),
                404);
        assertProblem(api().get(base + "/messages").as(stranger).send(), 404);
        assertProblem(
                api().post(base + "/messages")
                        .as(stranger)
                        .json(Map.of("text", "hi"))
                        .send(),
                404);
        assertThat(openStream(stranger, base + "/events", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aMemberWhoLeavesLosesAccess() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Leaving");
        addMember(owner, session.id(), member);
        postMessage(owner, session.id(), "cached page");
        api().get("/sessions/" + session.id() + "/messages").as(member).send();

        Response left = api().delete("/sessions/" + session.id() + "/members/"
                        + member.user().id())
                .as(member)
                .send();

        assertThat(left.status()).as(left.body()).isEqualTo(204);
        assertProblem(api().get("/sessions/" + session.id()).as(member).send(), 404);
        assertProblem(
                api().get("/sessions/" + session.id() + "/messages").as(member).send(), 404);
        assertProblem(
                api().post("/sessions/" + session.id() + "/messages")
                        .as(member)
                        .json(Map.of("text", "hi"))
                        .send(),
                404);
        assertThat(api().get("/sessions")
                        .as(member)
                        .send()
                        .as(SessionPage.class)
                        .sessions())
                .isEmpty();
        assertThat(session(owner, session.id()).memberCount()).isEqualTo(1);
    }

    @Test
    void theOwnerRemovesAMemberButCannotLeave() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Removing");
        addMember(owner, session.id(), member);

        assertProblem(
                api().delete("/sessions/" + session.id() + "/members/"
                                + owner.user().id())
                        .as(owner)
                        .send(),
                403);
        Response removed = api().delete("/sessions/" + session.id() + "/members/"
                        + member.user().id())
                .as(owner)
                .send();
        Response again = api().delete("/sessions/" + session.id() + "/members/"
                        + member.user().id())
                .as(owner)
                .send();

        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertProblem(again, 404);
        assertProblem(
                api().get("/sessions/" + session.id() + "/messages").as(member).send(), 404);
    }

    @Test
    void deletingASessionEndsEveryMembership() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Deleted");
        addMember(owner, session.id(), member);

        assertThat(api().delete("/sessions/" + session.id()).as(owner).send().status())
                .isEqualTo(204);

        assertProblem(api().get("/sessions/" + session.id()).as(member).send(), 404);
        assertThat(api().get("/sessions")
                        .as(member)
                        .send()
                        .as(SessionPage.class)
                        .sessions())
                .isEmpty();
    }
}
