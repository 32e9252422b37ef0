package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's message commands against the real server: /search, /edit, /delete and /reply. */
class ShellMessageCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Plans").id();
    }

    @Test
    void searchFindsMessagesInEverySessionWithTheirIds() {
        long other = client().createSession("Other").id();
        Message map = post(session, "bring the map");
        post(other, "the map is in the car");

        Result shell = cli.runWithStdin("/search map\n/search\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out())
                .containsPattern("#" + session + " \"Plans\" \\[[-0-9: ]+ #" + map.id() + "\\] " + Pattern.quote(email)
                        + ": bring the \\*map\\*\n")
                .containsPattern("#" + other + " \"Other\" .*: the \\*map\\* is in the car\n")
                .contains("parley: usage: /search QUERY");
    }

    @Test
    void editWithoutAnIdChangesTheLatestOfYourMessagesAndShowsItOnce() {
        post(session, "someone else's? no, mine too");

        Result shell =
                cli.runWithStdin("first\nsecond, with a typo\n/edit second, fixed\n", "open", Long.toString(session));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(texts()).containsExactly("someone else's? no, mine too", "first", "second, fixed");
        assertThat(shell.out())
                .containsPattern("#\\d+\\] " + Pattern.quote(email) + " \\(edited\\): second, fixed\n")
                .containsOnlyOnce("(edited)");
    }

    @Test
    void editAndDeleteTakeTheMessagesIdWithOrWithoutItsHash() {
        Message first = post(session, "one");
        Message second = post(session, "two");

        Result shell = cli.runWithStdin(
                "/edit " + first.id() + " one, edited\n/edit #" + second.id() + " 2 is a number\n/delete #" + first.id()
                        + "\ny\n/edit " + first.id() + "\n",
                "open",
                Long.toString(session));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(texts()).containsExactly(null, "2 is a number");
        assertThat(shell.out())
                .contains("#" + first.id() + "] " + email + " (edited): one, edited\n")
                .contains("Delete message " + first.id() + " \"one, edited\"? [y/N] ")
                .contains("#" + first.id() + "] " + email + " (deleted)\n")
                .contains("parley: usage: /edit [MESSAGE] TEXT");
    }

    @Test
    void deleteAsksAboutYourLatestMessageAndKeepsItUnlessYouSayYes() {
        Result shell =
                cli.runWithStdin("keep this\n/delete\nno\n/delete\n\n/delete\nyes\n", "open", Long.toString(session));

        long id = client().messages(session, null, null, null)
                .messages()
                .getFirst()
                .id();
        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out())
                .contains("Delete message " + id + " \"keep this\"? [y/N] ")
                .contains("Kept message " + id)
                .contains("#" + id + "] " + email + " (deleted)\n");
        assertThat(texts()).containsExactly((String) null);
    }

    @Test
    void replyAnswersAMessageAndShowsTheFirstLineOfIt() {
        Message question = post(session, "Who brings the map?\nAnd the snacks?");

        Result shell = cli.runWithStdin(
                "/reply " + question.id() + " I do\n/reply " + question.id() + "\n/reply\n",
                "open",
                Long.toString(session));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        Message reply = client().messages(session, null, null, null).messages().getLast();
        assertThat(reply.text()).isEqualTo("I do");
        assertThat(reply.replyTo()).isEqualTo(question.id());
        assertThat(shell.out())
                .contains("#" + reply.id() + "] " + email + " (↪ " + email + ": Who brings the map?): I do\n")
                .contains("parley: usage: /reply MESSAGE TEXT");
    }

    @Test
    void changingAMessageYouMayNotIsOneLineAndTheShellCarriesOn(@TempDir Path bobHome) {
        Cli bob = Cli.in(bobHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        client().addMember(session, bobEmail);
        Message alices = post(session, "alice's");

        Result shell = bob.runWithStdin(
                "/edit " + alices.id() + " mine now\n/delete " + alices.id()
                        + "\ny\n/edit nothing of mine\nstill here\n",
                "open",
                Long.toString(session));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out().lines().filter(line -> line.contains("parley: ")).toList())
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("Forbidden"))
                .anySatisfy(line -> assertThat(line).contains("none of your latest"));
        assertThat(texts()).containsExactly("alice's", "still here");
    }

    private Message post(long in, String text) {
        return client().postMessage(in, text, UUID.randomUUID().toString());
    }

    private List<String> texts() {
        return client().messages(session, null, null, null).messages().stream()
                .map(Message::text)
                .toList();
    }
}
