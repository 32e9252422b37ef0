package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.client.ParleyClient;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens around the shell while it waits at the prompt: joins, leaves, renames (the prompt
 * follows), the open session deleted or the user removed from it, unread activity in the other
 * sessions, a busy server, and a server that is down when the shell starts. The shell reads from
 * a pipe the test types into, through a dumb terminal, where the prompt is printed afresh each line.
 */
class ShellSessionLifeTest extends TwoPeopleInAShell {

    @Test
    void joinsLeavesAndRenamesAreShownAndThePromptFollowsTheTitle() throws IOException {
        startShell(cli, "open", id());
        awaitLive();

        assertThat(bob.run("sessions", "leave", id()).exitCode()).isZero();
        shell.out().awaitText("* " + bobEmail + " left");
        client().addMember(session, bobEmail);
        shell.out().awaitText("* " + bobEmail + " joined");
        client().renameSession(session, "Book club");
        shell.out().awaitText("* Session " + session + " is now \"Book club\"");
        type("\n");
        shell.out().awaitText(aliceEmail + " #" + session + " Book club> ");
        type("/quit\n");

        Result ended = shell.awaitExit();
        assertThat(ended.exitCode()).as(ended.toString()).isZero();
    }

    @Test
    void theShellsOwnRenameIsToldOnceAndThePromptFollows() throws IOException {
        startShell(cli, "open", id());
        shell.out().awaitText(aliceEmail + " #" + session + " Team> ");

        type("/rename Book club\n");
        shell.out().awaitText("Renamed session " + session);
        type("\n");
        shell.out().awaitText(aliceEmail + " #" + session + " Book club> ");
        type("/quit\n");

        Result ended = shell.awaitExit();
        assertThat(ended.out()).doesNotContain("is now \"Book club\"");
    }

    @Test
    void theOpenSessionDeletedByItsOwnerIsClosedAndSaidSo() throws IOException {
        startShell(bob, "open", id());
        awaitLive();

        client().deleteSession(session);
        shell.out().awaitText("* session " + session + " was deleted; it is closed (/sessions lists yours)");
        type("still there?\n");
        shell.out().awaitText("parley: no session is open");
        type("/quit\n");

        Result ended = shell.awaitExit();
        assertThat(ended.exitCode()).as(ended.toString()).isZero();
    }

    @Test
    void removedFromTheOpenSessionTheShellClosesIt() throws IOException {
        startShell(bob, "open", id());
        awaitLive();

        Result removed = cli.run("sessions", "remove-member", id(), bobEmail);
        shell.out().awaitText("* you are no longer in session " + session + "; it is closed");
        type("/quit\n");

        assertThat(removed.out()).isEqualTo("Removed " + bobEmail + " from session " + session + "\n");
        assertThat(shell.awaitExit().exitCode()).isZero();
    }

    @Test
    void unreadActivityInAnotherSessionShowsInThePromptUntilItIsOpened() throws Exception {
        long other = client().createSession("Other").id();
        client().addMember(other, bobEmail);
        startShell(bob, "open", id());
        // What comes from now on is counted once.
        awaitLive();

        post(other, "elsewhere");
        post(other, "elsewhere again");
        Message third = post(other, "and again");
        // The stream brings messages in order: the third's unread count means all three are counted.
        awaitPrompt(bobEmail + " #" + session + " Team [#" + other + " +3]> ");
        type("/open " + other + "\n");
        shell.out().awaitText(aliceEmail + ": " + third.text());
        shell.out().awaitText(bobEmail + " #" + other + " Other> ");
        type("/quit\n");

        assertThat(shell.awaitExit().exitCode()).isZero();
    }

    @Test
    void removeUnreadAndDeleteFromTheShell() {
        long other = client().createSession("Other").id();
        client().addMember(other, bobEmail);
        post(other, "unread by bob");

        Result bobs = bob.runWithStdin("/unread\n");
        Result alice =
                cli.runWithStdin("/open " + other + "\n/remove " + bobEmail + "\n/members\n/remove nobody@example.com\n"
                        + "/delete-session\nno\n/delete-session\nyes\n/sessions\n");

        assertThat(bobs.out()).containsPattern("(?m)^" + other + " +Other +1$");
        assertThat(alice.out())
                .contains("Removed " + bobEmail + " from session " + other)
                .contains("parley: nobody@example.com is not in session " + other)
                .contains("Kept session " + other)
                .contains("Deleted session " + other)
                .doesNotContain("was deleted; it is closed");
        assertThat(client().allSessions()).extracting(Session::id).containsExactly(session);
    }

    @Test
    void linesRefusedAsTooManyAreSentAfterRetryAfterInOrder(@TempDir Path dataDir) {
        Map<String, String> settings = Map.of(
                "parley.limits.messages.burst",
                "2",
                "parley.limits.messages.refill",
                "1",
                "parley.limits.messages.period",
                "PT1S");
        try (TestServer strict = TestServer.start(dataDir, settings)) {
            Cli alice = Cli.in(home.resolve("strict"), strict.baseUri().toString());
            alice.newLogin(PASSWORD);
            ParleyClient api = alice.apiClient(strict.baseUri());
            long id = api.createSession("Pasted").id();

            Result pasted = alice.runWithStdin("one\ntwo\nthree\nfour\n", "open", Long.toString(id));

            assertThat(pasted.exitCode()).as(pasted.toString()).isZero();
            assertThat(pasted.out()).contains("parley: the server is busy (");
            assertThat(api.messages(id, null, null, 10).messages())
                    .extracting(Message::text)
                    .containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void theShellStartsWithTheServerDownOpensTheSessionWhenItIsBackAndSendsTheOutboxFirst(@TempDir Path dataDir)
            throws IOException {
        Map<String, String> settings = Map.of("server.port", Integer.toString(closedPort()));
        TestServer first = TestServer.start(dataDir, settings);
        Cli alice = Cli.in(home.resolve("down"), first.baseUri().toString());
        alice.newLogin(PASSWORD);
        long id = alice.apiClient(first.baseUri())
                .createSession("Through an outage")
                .id();
        alice.apiClient(first.baseUri())
                .postMessage(id, "before the outage", UUID.randomUUID().toString());
        first.close();
        Result queued = alice.run("send", Long.toString(id), "queued while down");
        assertThat(queued.exitCode()).as(queued.toString()).isEqualTo(5);

        startShell(alice, "open", Long.toString(id));
        shell.out().awaitText("; the shell connects by itself once the server answers, and opens session " + id);
        try (TestServer back = TestServer.start(dataDir, settings)) {
            shell.out().awaitText(": before the outage");
            shell.out().awaitText("Sent message ");
            type("after the outage\n");
            shell.out().awaitText(": after the outage");
            type("/quit\n");

            Result ended = shell.awaitExit();
            assertThat(ended.exitCode()).as(ended.toString()).isZero();
            assertThat(alice.apiClient(back.baseUri())
                            .messages(id, null, null, 10)
                            .messages())
                    .extracting(Message::text)
                    .containsExactly("before the outage", "queued while down", "after the outage");
        }
    }

    /**
     * Waits until the shell's live stream is connected (and has caught up): a message posted now
     * is shown as it comes.
     */
    private void awaitLive() {
        shell.out().awaitText(" #" + session + " Team> ");
        post(session, "are you there?");
        shell.out().awaitText(aliceEmail + ": are you there?");
    }

    /**
     * Presses Enter until the dumb terminal prints {@code prompt} (it prints the prompt afresh each
     * line), for up to 20 seconds: the live messages that change it arrive meanwhile.
     */
    private void awaitPrompt(String prompt) throws IOException, InterruptedException {
        for (int i = 0; i < 200 && !shell.out().text().endsWith(prompt); i++) {
            Thread.sleep(100);
            type("\n");
            shell.out().awaitText("> ");
        }
        assertThat(shell.out().text()).endsWith(prompt);
    }

    private Message post(long sessionId, String text) {
        return client().postMessage(sessionId, text, UUID.randomUUID().toString());
    }
}
