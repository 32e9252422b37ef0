package dev.parley.cli.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.SearchPage;
import dev.parley.api.SearchResult;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parley search against the real server: the lines, the highlights, --json, --session, paging and refusals. */
class SearchCommandTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d #";

    @TempDir
    Path otherHome;

    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Weekend plans").id();
    }

    @Test
    void eachResultShowsTheSessionTheMessageAndTheMatchedWordsMarked() {
        post(session, "Bob, can you drive on Saturday?");
        Message second = post(session, "I will drive, Alice");
        post(session, "nothing to see here");

        Result found = cli.run("search", "drive");

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .matches("#" + session + " \"Weekend plans\" " + TIME + second.id() + "\\] " + Pattern.quote(email)
                        + ": I will \\*drive\\*, Alice");
        assertThat(found.out().lines().toList().get(1)).endsWith(": Bob, can you *drive* on Saturday?");
        assertThat(found.err()).isEmpty();
    }

    @Test
    void onATerminalTheMatchedWordsAreBold() {
        post(session, "Bob, can you drive?");

        Result found = cli.withTerminalOutput().run("search", "drive");

        assertThat(found.out()).contains("can you \u001b[1mdrive\u001b[0m?").doesNotContain("*drive*");
    }

    @Test
    void jsonIsTheApisPageOfResults() {
        Message posted = post(session, "the release is on Monday");

        Result found = cli.run("search", "release", "--json");

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out()).hasLineCount(1);
        SearchPage page = parse(found.out(), SearchPage.class);
        assertThat(page.nextCursor()).isNull();
        SearchResult result = page.results().getFirst();
        assertThat(result.message()).isEqualTo(posted);
        assertThat(result.sessionTitle()).isEqualTo("Weekend plans");
        assertThat(result.snippet()
                        .substring(
                                result.highlights().getFirst().start(),
                                result.highlights().getFirst().end()))
                .isEqualToIgnoringCase("release");
    }

    @Test
    void sessionKeepsTheResultsOfThatSession() {
        long other = client().createSession("Other").id();
        post(session, "hiking here");
        post(other, "hiking there");

        Result found = cli.run("search", "hiking", "--session", Long.toString(other));

        assertThat(found.out().lines().toList()).singleElement().asString().endsWith(": *hiking* there");
    }

    @Test
    void limitCutsAndTheLastLineOnStandardErrorGoesOn() {
        for (int i = 1; i <= 3; i++) {
            post(session, "coffee number " + i);
        }

        Result first = cli.run("search", "coffee", "--limit", "2");
        String again = first.err().strip();
        Result rest = cli.run("search", "coffee", "--cursor", again.substring(again.lastIndexOf(' ') + 1));

        assertThat(first.out().lines().toList()).hasSize(2);
        assertThat(first.out()).contains("number 3").contains("number 2");
        assertThat(again).startsWith("more: parley search 'coffee' --limit 2 --cursor ");
        assertThat(rest.out().lines().toList()).singleElement().asString().endsWith("number 1");
        assertThat(rest.err()).isEmpty();
    }

    @Test
    void nothingFoundSaysSo() {
        Result found = cli.run("search", "unicorns");

        assertThat(found.exitCode()).isZero();
        assertThat(found.out()).isEqualTo("No message matches unicorns\n");
    }

    @Test
    void aMalformedQueryIsRefusedWithTheServersReasonAndExitCodeOne() {
        Result unclosed = cli.run("search", "\"never closed");

        assertThat(unclosed.exitCode()).isEqualTo(1);
        assertThat(unclosed.err()).startsWith("parley: ").contains("quote").hasLineCount(1);
        assertThat(unclosed.out()).isEmpty();
    }

    @Test
    void anotherUsersSessionIsNotFoundAndTheirMessagesAreNotFound() {
        post(session, "secret plans");
        Cli other = Cli.in(otherHome, server.baseUri().toString());
        other.newLogin(PASSWORD);

        Result inTheirs = other.run("search", "secret", "--session", Long.toString(session));
        Result anywhere = other.run("search", "secret");

        assertThat(inTheirs.exitCode()).isEqualTo(4);
        assertThat(anywhere.out()).isEqualTo("No message matches secret\n");
    }

    @Test
    void limitOutOfRangeIsAUsageError() {
        Result zero = cli.run("search", "x", "--limit", "0");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit must be between 1 and 500");
    }

    private Message post(long in, String text) {
        return client().postMessage(in, text, UUID.randomUUID().toString());
    }
}
