package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.cli.Cli;
import dev.parley.cli.CliAgainstServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people chatting, each in a real {@code parley} shell in a tmux pane, and what their screens
 * show: a message arriving above a half-typed line that stays as it was, one's own line shown once,
 * Ctrl-C dropping the line and not the shell, and /quit. Skipped, saying so, without tmux
 * ({@code .ci/run} installs it).
 */
class TwoPeopleInTmuxTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path bobsHome;

    @BeforeAll
    static void needsTmux() {
        assumeTrue(
                Tmux.available(),
                "tmux is not installed: the two-person chat over tmux is skipped"
                        + " (.ci/run installs it from Debian)");
    }

    @Test
    void twoShellsChatWhileTyping() throws Exception {
        String aliceEmail = cli.newLogin(PASSWORD);
        Cli bob = Cli.in(bobsHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        long session = client().createSession("Weekend plans").id();
        client().addMember(session, bobEmail);
        String id = Long.toString(session);

        try (Tmux tmux = new Tmux()) {
            String alice = tmux.start(variables(home), "open", id);
            String bobs = tmux.start(variables(bobsHome), "open", id);
            tmux.awaitScreen(
                    alice, "alice's prompt", screen -> screen.contains(aliceEmail + " #" + id + " Weekend plans>"));
            tmux.awaitScreen(bobs, "bob's prompt", screen -> screen.contains(bobEmail + " #" + id + " Weekend plans>"));
            // (capture-pane cuts the trailing blank of a prompt.) Both live: a message reaches both screens.
            client().postMessage(session, "Welcome, both", UUID.randomUUID().toString());
            tmux.awaitScreen(alice, "the welcome", screen -> screen.contains(": Welcome, both"));
            tmux.awaitScreen(bobs, "the welcome", screen -> screen.contains(": Welcome, both"));

            tmux.type(bobs, "I'll bring the m");
            tmux.awaitScreen(bobs, "the half-typed line", screen -> screen.contains("> I'll bring the m"));
            tmux.type(alice, "Leaving at nine");
            tmux.press(alice, "Enter");

            // Alice's line arrives above Bob's half-typed one, which stays as it was, under it.
            String bobsScreen = tmux.awaitScreen(
                    bobs, "alice's message", screen -> screen.contains(aliceEmail + ": Leaving at nine"));
            assertThat(bobsScreen.strip()).endsWith(bobEmail + " #" + id + " Weekend plans> I'll bring the m");
            assertThat(bobsScreen.indexOf(aliceEmail + ": Leaving at nine"))
                    .isLessThan(bobsScreen.indexOf("Weekend plans> I'll bring the m"));
            // Alice sees her line once: as the message stored, not also as typed.
            String alicesScreen =
                    tmux.awaitScreen(alice, "her message", screen -> screen.contains(aliceEmail + ": Leaving at nine"));
            assertThat(count(alicesScreen, "Leaving at nine")).as(alicesScreen).isEqualTo(1);

            tmux.type(bobs, "ap");
            tmux.press(bobs, "Enter");
            tmux.awaitScreen(alice, "bob's message", screen -> screen.contains(bobEmail + ": I'll bring the map"));

            // Ctrl-C drops the line being typed, and the shell stays.
            tmux.type(bobs, "never sent");
            tmux.awaitScreen(bobs, "the line to drop", screen -> screen.contains("> never sent"));
            tmux.press(bobs, "C-c");
            tmux.awaitScreen(bobs, "a fresh prompt", screen -> screen.strip().endsWith("Weekend plans>"));
            tmux.type(bobs, "still here");
            tmux.press(bobs, "Enter");
            tmux.awaitScreen(alice, "bob's next message", screen -> screen.contains(bobEmail + ": still here"));
            assertThat(tmux.screen(alice)).doesNotContain("never sent");

            tmux.type(alice, "/quit");
            tmux.press(alice, "Enter");
            tmux.awaitGone(alice);
            tmux.type(bobs, "/quit");
            tmux.press(bobs, "Enter");
            tmux.awaitGone(bobs);
        }
        assertThat(client().messages(session, null, null, 10).messages())
                .extracting(message -> message.text())
                .containsExactly("Welcome, both", "Leaving at nine", "I'll bring the map", "still here");
    }

    private Map<String, String> variables(Path home) {
        return Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "PARLEY_SERVER",
                server.baseUri().toString());
    }

    private static int count(String text, String fragment) {
        Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
