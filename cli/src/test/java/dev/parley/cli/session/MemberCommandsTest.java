package dev.parley.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Member;
import dev.parley.api.Session;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** invite, members, leave and unread against the real server, with two people. */
class MemberCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    private Cli bob;
    private String aliceEmail;
    private String bobEmail;
    private long session;

    @BeforeEach
    void setUp() {
        aliceEmail = cli.newLogin(PASSWORD);
        bob = Cli.in(otherHome, server.baseUri().toString());
        bobEmail = bob.newLogin(PASSWORD);
        session = client().createSession("Team").id();
    }

    @Test
    void anInvitedUserSeesTheSessionAndItsMembers() {
        Result invited = cli.run("sessions", "invite", id(), bobEmail);
        Result listed = bob.run("sessions");
        Result members = bob.run("sessions", "members", id());

        assertThat(invited.exitCode()).as(invited.toString()).isZero();
        assertThat(invited.out()).isEqualTo("Added " + bobEmail + " to session " + session + "\n");
        assertThat(listed.out().lines().toList().get(1)).containsPattern("^" + session + " +Team +2 ");
        assertThat(members.exitCode()).as(members.toString()).isZero();
        List<String> lines = members.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("EMAIL").contains("ROLE").endsWith("JOINED");
        assertThat(lines.get(1)).startsWith(aliceEmail).contains(" owner ");
        assertThat(lines.get(2)).startsWith(bobEmail).contains(" member ");
    }

    @Test
    void jsonIsTheApiMemberOnePerLine() {
        Result invited = cli.run("sessions", "invite", id(), bobEmail, "--json");
        Result members = cli.run("sessions", "members", id(), "--json");

        Member added = parse(invited.out(), Member.class);
        assertThat(added.email()).isEqualTo(bobEmail);
        assertThat(added.role()).isEqualTo(Member.Role.MEMBER);
        List<Member> listed =
                members.out().lines().map(line -> parse(line, Member.class)).toList();
        assertThat(listed).extracting(Member::role).containsExactly(Member.Role.OWNER, Member.Role.MEMBER);
        assertThat(listed.get(1)).isEqualTo(added);
    }

    @Test
    void invitingSomeoneUnknownIsNotFoundAndTwiceIsRefused() {
        Result unknown = cli.run("sessions", "invite", id(), "nobody-" + UUID.randomUUID() + "@example.com");
        cli.run("sessions", "invite", id(), bobEmail);
        Result twice = cli.run("sessions", "invite", id(), bobEmail);

        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.err())
                .startsWith("parley: Not Found: no user has the email")
                .hasLineCount(1);
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("already in session").hasLineCount(1);
    }

    @Test
    void onlyTheOwnerInvites() {
        cli.run("sessions", "invite", id(), bobEmail);

        Result byMember = bob.run("sessions", "invite", id(), aliceEmail);

        assertThat(byMember.exitCode()).isEqualTo(1);
        assertThat(byMember.err()).startsWith("parley: Forbidden: ").hasLineCount(1);
    }

    @Test
    void aMemberWhoLeavesLosesAccess() {
        cli.run("sessions", "invite", id(), bobEmail);

        Result left = bob.run("sessions", "leave", id());
        Result history = bob.run("history", id());

        assertThat(left.exitCode()).as(left.toString()).isZero();
        assertThat(left.out()).isEqualTo("Left session " + session + "\n");
        assertThat(history.exitCode()).isEqualTo(4);
        assertThat(client().members(session).members())
                .extracting(Member::email)
                .containsExactly(aliceEmail);
    }

    @Test
    void theOwnerCannotLeaveAndIsToldWhy() {
        Result left = cli.run("sessions", "leave", id());

        assertThat(left.exitCode()).isEqualTo(1);
        assertThat(left.err())
                .isEqualTo("parley: Forbidden: the owner cannot leave their own session; delete it instead\n");
    }

    @Test
    void unreadListsWhatOthersPostedUntilHistoryShowsIt() {
        cli.run("sessions", "invite", id(), bobEmail);
        long quiet = client().createSession("Quiet").id();
        cli.run("sessions", "invite", Long.toString(quiet), bobEmail);
        cli.run("send", id(), "one");
        cli.run("send", id(), "two");

        Result table = bob.run("sessions");
        Result unread = bob.run("unread");
        Result json = bob.run("unread", "--json");
        Result read = bob.run("history", id());
        Result after = bob.run("unread");

        // MEMBERS, then UNREAD: blank when all is read.
        assertThat(table.out())
                .containsPattern("(?m)^" + session + " +Team +2 +2 +\\d{4}-")
                .containsPattern("(?m)^" + quiet + " +Quiet +2 +\\d{4}-");
        assertThat(unread.exitCode()).as(unread.toString()).isZero();
        List<String> lines = unread.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("ID +TITLE +UNREAD");
        assertThat(lines.get(1)).matches(session + " +Team +2");
        assertThat(json.out().lines().map(line -> parse(line, Session.class)).toList())
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.id()).isEqualTo(session);
                    assertThat(s.unreadCount()).isEqualTo(2);
                });
        assertThat(read.exitCode()).isZero();
        assertThat(after.out()).isEqualTo("Nothing unread\n");
        assertThat(bob.run("unread", "--json").out()).isEmpty();
    }

    private String id() {
        return Long.toString(session);
    }
}
