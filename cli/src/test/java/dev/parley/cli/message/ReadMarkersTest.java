package dev.parley.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.Session;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read markers move only over what was shown: history, history --unread, --json and the shell's
 * /open, with alice posting and bob reading, against the real server.
 */
class ReadMarkersTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path bobHome;

    private Cli bob;
    private long session;

    @BeforeEach
    void setUp() {
        cli.newLogin(PASSWORD);
        bob = Cli.in(bobHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        session = client().createSession("Team").id();
        client().addMember(session, bobEmail);
    }

    @Test
    void historyThatLeavesOutEarlierUnreadMarksNothingAndSaysHowToSeeThem() {
        post("u1", "u2", "u3", "u4");

        Result latest = bob.run("history", id(), "--limit", "2");

        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.out()).contains(": u3\n").contains(": u4\n").doesNotContain("u2");
        assertThat(latest.err())
                .contains("2 earlier unread messages were not shown")
                .contains("parley history " + session + " --unread");
        assertThat(unreadCount()).isEqualTo(4);
    }

    @Test
    void historyUnreadShowsExactlyTheUnreadAndThenNothingIsUnread() {
        post("read1", "read2");
        bob.run("history", id());
        post("new1", "new2", "new3");

        Result unread = bob.run("history", id(), "--unread");
        Result again = bob.run("history", id(), "--unread");

        assertThat(unread.exitCode()).as(unread.toString()).isZero();
        assertThat(unread.out().lines().toList())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).containsPattern(": new\\d$"));
        assertThat(unreadCount()).isZero();
        assertThat(again.out()).isEmpty();
    }

    @Test
    void historyUnreadWithALimitMarksOnlyWhatItShowedAndPointsAtTheRest() {
        List<Message> posted = post("a", "b", "c", "d", "e");

        Result first = bob.run("history", id(), "--unread", "--limit", "2");

        assertThat(first.out().lines().toList()).hasSize(2);
        assertThat(first.err())
                .contains("newer: parley history " + session + " --after "
                        + posted.get(1).id());
        assertThat(unreadCount()).isEqualTo(3);
    }

    @Test
    void historyThatShowsEveryUnreadMarksThemRead() {
        post("one", "two");

        Result history = bob.run("history", id());

        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.err()).isEmpty();
        assertThat(unreadCount()).isZero();
    }

    @Test
    void jsonReadsWithoutMarkingUnlessAskedTo() {
        post("x", "y");

        Result json = bob.run("history", id(), "--json");
        long unreadAfterJson = unreadCount();
        Result marked = bob.run("history", id(), "--json", "--mark-read");

        assertThat(parse(json.out(), MessagePage.class).messages())
                .extracting(Message::text)
                .containsExactly("x", "y");
        assertThat(unreadAfterJson).isEqualTo(2);
        assertThat(marked.exitCode()).as(marked.toString()).isZero();
        assertThat(unreadCount()).isZero();
    }

    @Test
    void textCanReadWithoutMarking() {
        post("x");

        bob.run("history", id(), "--no-mark-read");

        assertThat(unreadCount()).isEqualTo(1);
    }

    @Test
    void openingInTheShellShowsEveryUnreadMessageEvenBeyondTheRecentOnes() {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= 31; i++) {
            texts.add("unread " + i);
        }
        texts.set(0, "psst bob, over here");
        post(texts.toArray(String[]::new));

        Result shell = bob.runWithStdin("", "open", id());

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out()).contains("psst bob, over here");
        for (int i = 2; i <= 31; i++) {
            assertThat(shell.out()).contains(": unread " + i + "\n");
        }
        assertThat(unreadCount()).isZero();
    }

    private long unreadCount() {
        return bob.apiClient(server.baseUri()).allSessions().stream()
                .filter(s -> s.id() == session)
                .mapToLong(Session::unreadCount)
                .sum();
    }

    private List<Message> post(String... texts) {
        List<Message> posted = new ArrayList<>();
        for (String text : texts) {
            posted.add(client().postMessage(session, text, UUID.randomUUID().toString()));
        }
        return posted;
    }

    private String id() {
        return Long.toString(session);
    }
}
