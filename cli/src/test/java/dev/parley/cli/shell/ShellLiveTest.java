package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shell with two people: what the other one posts appears while the shell waits at the prompt,
 * and the member commands. The shell reads from a pipe the test types into, through a dumb terminal.
 */
class ShellLiveTest extends TwoPeopleInAShell {

    /** The shell shows each message's id after its time. */
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d #\\d+\\] ";

    @Test
    void anotherPersonsMessageAppearsWhileTheShellWaitsAndOwnMessagesShowOnce() throws IOException {
        startShell(cli, "open", id());
        shell.out().awaitText(aliceEmail + " #" + session + " Team> ");

        bob.run("send", id(), "hi alice");
        shell.out().awaitText(bobEmail + ": hi alice");
        type("hello bob\n");
        shell.out().awaitText(": hello bob");
        // The stream brings messages in order: once bob's next one is shown, alice's own has come by too.
        bob.run("send", id(), "got it");
        shell.out().awaitText(bobEmail + ": got it");
        type("/quit\n");
        Result ended = shell.awaitExit();

        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        assertThat(ended.out()).containsPattern(TIME + Pattern.quote(bobEmail) + ": hi alice\n");
        assertThat(occurrences(ended.out(), aliceEmail + ": hello bob")).isEqualTo(1);
        assertThat(occurrences(ended.out(), bobEmail + ": hi alice")).isEqualTo(1);
        // Seen live in the open session counts as read.
        assertThat(cli.run("unread").out()).isEqualTo("Nothing unread\n");
    }

    @Test
    void anotherPersonsEditsAndDeletionsShowAsTheyHappen() throws IOException {
        startShell(cli, "open", id());
        shell.out().awaitText(aliceEmail + " #" + session + " Team> ");
        var bobs = bob.apiClient(server.baseUri());

        var typo =
                bobs.postMessage(session, "see you at noom", UUID.randomUUID().toString());
        shell.out().awaitText(bobEmail + ": see you at noom");
        bobs.editMessage(session, typo.id(), "see you at noon");
        shell.out().awaitText(bobEmail + " (edited): see you at noon");
        bobs.deleteMessage(session, typo.id());
        shell.out().awaitText(bobEmail + " (deleted)");
        type("/quit\n");
        Result ended = shell.awaitExit();

        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        assertThat(ended.out())
                .containsPattern("\\[[-0-9: ]+ #" + typo.id() + "\\] " + Pattern.quote(bobEmail) + " \\(deleted\\)\n");
        assertThat(occurrences(ended.out(), "(edited)")).isEqualTo(1);
        assertThat(occurrences(ended.out(), "(deleted)")).isEqualTo(1);
    }

    @Test
    void membersInviteAndLeaveFromTheShell() {
        long other = client().createSession("Other").id();
        cli.run("send", id(), "unread by bob");

        Result alice = cli.runWithStdin("/open " + other + "\n/invite " + bobEmail + "\n/members\n/invite\n");
        Result bobs = bob.runWithStdin("/sessions\n/open " + other + "\n/leave\n/members\n");

        assertThat(alice.exitCode()).as(alice.toString()).isZero();
        assertThat(alice.out())
                .contains("Added " + bobEmail + " to session " + other)
                .containsPattern("(?m)" + Pattern.quote(bobEmail) + " +member ")
                .contains("parley: usage: /invite EMAIL");
        assertThat(bobs.exitCode()).as(bobs.toString()).isZero();
        assertThat(bobs.out())
                // /sessions: MEMBERS, then UNREAD (blank for the session with nothing unread).
                .containsPattern("(?m)^" + session + " +Team +2 +1 ")
                .containsPattern("(?m)^" + other + " +Other +2 +\\d{4}-")
                .contains("Left session " + other)
                .contains("parley: no session is open");
        assertThat(client().members(other).members()).hasSize(1);
    }

    @Test
    void helpListsTheNewCommands() {
        Result help = cli.runWithStdin("/help\n");

        assertThat(help.out()).contains("/invite").contains("/members").contains("/leave");
    }

    private static int occurrences(String text, String fragment) {
        Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
