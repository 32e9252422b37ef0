package dev.parley.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
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

/** send and history against the real server: words, standard input, idempotent retries and paging. */
class MessageCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Chat").id();
    }

    @Test
    void sendPostsTheWordsJoinedBySpaces() {
        Result sent = cli.run("send", id(), "Hello,", "everyone", "--json");

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        Message message = parse(sent.out(), Message.class);
        assertThat(message.text()).isEqualTo("Hello, everyone");
        assertThat(message.sessionId()).isEqualTo(session);
        assertThat(message.userEmail()).isEqualTo(email);
        assertThat(texts()).containsExactly("Hello, everyone");
    }

    @Test
    void sendSaysWhatItSent() {
        Result sent = cli.run("send", id(), "hi");

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.out()).matches("Sent message \\d+ to session " + session + "\n");
        assertThat(sent.err()).isEmpty();
    }

    @Test
    void dashSendsAllOfStandardInputWithoutItsTrailingNewline() {
        Result sent = cli.runWithStdin("first line\nsecond line\n", "send", id(), "-");

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(texts()).containsExactly("first line\nsecond line");
    }

    @Test
    void pipedStandardInputIsSentWhenThereIsNoText() {
        Result sent = cli.runWithStdin("piped\n", "send", id());

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(texts()).containsExactly("piped");
    }

    @Test
    void noTextOnATerminalOrEmptyInputIsAUsageError() {
        Result onTerminal = cli.withTerminal().run("send", id());
        Result emptyInput = cli.run("send", id(), "-");

        assertThat(onTerminal.exitCode()).isEqualTo(2);
        assertThat(onTerminal.err()).contains("nothing to send").hasLineCount(1);
        assertThat(emptyInput.exitCode()).isEqualTo(2);
        assertThat(emptyInput.err()).contains("standard input is empty").hasLineCount(1);
        assertThat(texts()).isEmpty();
    }

    @Test
    void blankTextShowsTheServersReasonOnOneLine() {
        Result sent = cli.run("send", id(), "   ");

        assertThat(sent.exitCode()).isEqualTo(1);
        assertThat(sent.err()).startsWith("parley: ").contains("text").hasLineCount(1);
        assertThat(texts()).isEmpty();
    }

    @Test
    void aRetryWithTheSameKeyPostsOnce() {
        String key = UUID.randomUUID().toString();

        Message first = client().postMessage(session, "only once", key);
        Message retried = client().postMessage(session, "only once", key);

        assertThat(retried).isEqualTo(first);
        assertThat(texts()).containsExactly("only once");
    }

    @Test
    void eachSendHasItsOwnKey() {
        cli.run("send", id(), "same");
        cli.run("send", id(), "same");

        assertThat(texts()).containsExactly("same", "same");
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        client().postMessage(session, "secret", UUID.randomUUID().toString());
        Cli other = Cli.in(otherHome, server.baseUri().toString());
        other.newLogin(PASSWORD);

        Result sent = other.run("send", id(), "intruding");
        Result history = other.run("history", id());

        assertThat(sent.exitCode()).isEqualTo(4);
        assertThat(sent.err()).startsWith("parley: ").hasLineCount(1);
        assertThat(history.exitCode()).isEqualTo(4);
        assertThat(history.out()).isEmpty();
        assertThat(texts()).containsExactly("secret");
    }

    @Test
    void anUnreachableServerExitsWithFive() {
        // A token (its payload names an account), so that the client gets as far as trying to connect.
        Result sent = cli.with("PARLEY_TOKEN", "e30.eyJlbWFpbCI6ImFAZXhhbXBsZS5jb20ifQ.c2ln")
                .run("send", id(), "hello", "--server", "http://127.0.0.1:" + closedPort());

        assertThat(sent.exitCode()).isEqualTo(5);
        assertThat(sent.err())
                .startsWith("parley: server unreachable (cannot reach ")
                .hasLineCount(1);
    }

    @Test
    void aDeliveredOrRefusedSendLeavesNothingInTheOutbox() {
        Result delivered = cli.run("send", id(), "delivered");
        Result refused = cli.run("send", id(), "   ");

        assertThat(delivered.exitCode()).isZero();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(home.resolve("config/parley/outbox")).isEmptyDirectory();
    }

    @Test
    void historyPrintsOldestFirstWithTimeAndAuthor() {
        post("one", "two", "three\nand more");

        Result history = cli.run("history", id());

        assertThat(history.exitCode()).as(history.toString()).isZero();
        String time = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] ";
        assertThat(history.out())
                .matches(
                        time + email + ": one\n" + time + email + ": two\n" + time + email + ": three\n    and more\n");
    }

    @Test
    void historyPagesWithLimitBeforeAndAfter() {
        List<Message> posted = post("m1", "m2", "m3", "m4", "m5");
        String middle = Long.toString(posted.get(2).id());

        Result latest = cli.run("history", id(), "--limit", "2", "--json");
        Result before = cli.run("history", id(), "--before", middle, "--json");
        Result after = cli.run("history", id(), "--after", middle, "--limit", "1", "--json");

        assertThat(page(latest).messages()).extracting(Message::text).containsExactly("m4", "m5");
        assertThat(page(latest).hasMore()).isTrue();
        assertThat(page(before).messages()).extracting(Message::text).containsExactly("m1", "m2");
        assertThat(page(before).hasMore()).isFalse();
        assertThat(page(after).messages()).extracting(Message::text).containsExactly("m4");
        assertThat(page(after).hasMore()).isTrue();
        assertThat(page(latest).messages().get(1)).isEqualTo(posted.get(4));
    }

    @Test
    void textHistoryPointsAtOlderMessagesWithTheIdToPageFrom() {
        List<Message> posted = post("m1", "m2", "m3");

        Result latest = cli.run("history", id(), "--limit", "2");
        Result older =
                cli.run("history", id(), "--before", Long.toString(posted.get(1).id()));

        assertThat(latest.out().lines().toList()).hasSize(2);
        assertThat(latest.err())
                .isEqualTo("older: parley history " + session + " --before "
                        + posted.get(1).id() + "\n");
        assertThat(older.out()).contains(": m1\n").doesNotContain("m2");
        assertThat(older.err()).isEmpty();
    }

    @Test
    void limitReturnsThatManyWhenTextsAreTooLongForOneServerPage() {
        // The server ends a page at 32,768 characters of text: eight of these per page.
        String[] texts = new String[12];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = (char) ('a' + i) + "x".repeat(3999);
        }
        post(texts);

        Result twelve = cli.run("history", id(), "--limit", "12", "--json");
        Result ten = cli.run("history", id(), "--limit", "10", "--json");

        assertThat(page(twelve).messages())
                .extracting(message -> message.text().charAt(0))
                .containsExactly('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
        assertThat(page(twelve).hasMore()).isFalse();
        assertThat(page(ten).messages()).hasSize(10);
        assertThat(page(ten).hasMore()).isTrue();
    }

    @Test
    void limitOutOfRangeIsAUsageErrorWithoutAskingTheServer() {
        Result zero = cli.run("history", id(), "--limit", "0");
        Result tooMany = cli.run("history", "1", "--limit", "501", "--server", "http://127.0.0.1:" + closedPort());

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit must be between 1 and 500").hasLineCount(1);
        assertThat(tooMany.exitCode()).isEqualTo(2);
    }

    @Test
    void historyOfAnEmptySessionPrintsNothing() {
        Result history = cli.run("history", id());

        assertThat(history.exitCode()).isZero();
        assertThat(history.out()).isEmpty();
    }

    private List<Message> post(String... texts) {
        List<Message> posted = new ArrayList<>();
        for (String text : texts) {
            posted.add(client().postMessage(session, text, UUID.randomUUID().toString()));
        }
        return posted;
    }

    private List<String> texts() {
        return client().messages(session, null, null, null).messages().stream()
                .map(Message::text)
                .toList();
    }

    private static MessagePage page(Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).hasLineCount(1);
        return parse(result.out(), MessagePage.class);
    }

    private String id() {
        return Long.toString(session);
    }
}
