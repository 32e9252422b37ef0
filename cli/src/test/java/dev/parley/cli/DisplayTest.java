package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tables by display width, long titles cut with …, and --json as raw UTF-8, against the real server. */
class DisplayTest extends CliAgainstServer {

    @BeforeEach
    void logIn() {
        cli.newLogin("correct horse battery");
    }

    @Test
    void tablesAlignByDisplayWidthNotByCharacters() {
        // Both titles take six columns on a terminal; "日本語" is three characters.
        client().createSession("日本語");
        client().createSession("abcdef");

        Result sessions = cli.run("sessions");

        assertThat(sessions.exitCode()).as(sessions.toString()).isZero();
        // TITLE is six columns wide, then two spaces, then MEMBERS (seven columns) right-aligned.
        assertThat(sessions.out()).containsPattern("(?m) 日本語 {8}1 ").containsPattern("(?m) abcdef {8}1 ");
    }

    @Test
    void emojiTakeTwoColumnsAndLongTitlesAreCutWithAnEllipsis() {
        client().createSession("👋👋👋");
        client().createSession("abcdef");
        String longTitle = "x".repeat(60);
        client().createSession(longTitle);

        Result sessions = cli.run("sessions");

        String cut = "x".repeat(39) + "…";
        assertThat(sessions.out()).contains(" " + cut + "  ").doesNotContain("x".repeat(40));
        // The column is 40 wide: six-column titles are padded with 34 spaces.
        assertThat(sessions.out())
                .containsPattern("(?m) 👋👋👋 {34} {2} {6}1 ")
                .containsPattern("(?m) abcdef {34} {2} {6}1 ");
    }

    @Test
    void jsonWritesEmojiAndOtherNonAsciiAsRawUtf8() {
        long session = client().createSession("Grüße 👋").id();
        client().postMessage(session, "hi 👋 — ünïcödé 日本", UUID.randomUUID().toString());

        Result history = cli.run("history", Long.toString(session), "--json");
        Result sessions = cli.run("sessions", "--json");

        assertThat(history.out()).contains("\"hi 👋 — ünïcödé 日本\"").doesNotContain("\\u");
        assertThat(sessions.out()).contains("\"Grüße 👋\"").doesNotContain("\\u");
    }
}
