package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.credentials.StoredLogin;
import dev.parley.cli.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interactive shell against the real server, driven through a dumb JLine terminal on piped streams. */
class ShellTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    /** The shell shows each message's id after its time. */
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d #\\d+\\] ";

    private String email;

    @BeforeEach
    void logIn() {
        email = cli.newLogin(PASSWORD);
    }

    @Test
    void loginToChatToQuit() {
        Result shell = cli.runWithStdin("/new Plans\nhello there\n/history\n/sessions\n/open 999\n/quit\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        List<Session> sessions = client().listSessions(null, null).sessions();
        assertThat(sessions).extracting(Session::title).containsExactly("Plans");
        long id = sessions.getFirst().id();
        assertThat(texts(id)).containsExactly("hello there");
        assertThat(shell.out())
                .contains("Created session " + id + " \"Plans\"")
                .contains(email + " #" + id + " Plans> ")
                // Piped input is not echoed, so what the shell prints follows the prompt on its line.
                .containsPattern("> " + TIME + email + ": hello there\n")
                .containsPattern("(?m)^" + id + " +Plans +")
                .contains("> parley: Not Found: session 999 does not exist");
        assertThat(errorLines(shell)).hasSize(1);
        assertThat(shell.err()).isEmpty();
    }

    @Test
    void aMessageWithoutAnOpenSessionIsAnErrorAndTheShellCarriesOn() {
        Result shell = cli.runWithStdin("lost words\n/new Later\nfound words\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(errorLines(shell)).singleElement().asString().contains("no session is open");
        assertThat(shell.out()).startsWith("Parley shell").contains(email + "> ");
        long id = client().listSessions(null, null).sessions().getFirst().id();
        assertThat(texts(id)).containsExactly("found words");
    }

    @Test
    void endOfInputLeavesTheShell() {
        Result shell = cli.runWithStdin("");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out()).contains(email + "> ");
    }

    @Test
    void openShowsTheRecentHistoryAndSendsThere() {
        long id = client().createSession("Weekend plans").id();
        for (int i = 1; i <= 25; i++) {
            client().postMessage(id, "m" + i, UUID.randomUUID().toString());
        }

        Result shell = cli.runWithStdin("more\n/history 2\n/rename Weekend 100%\n", "open", Long.toString(id));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out())
                .contains(email + " #" + id + " Weekend plans> ")
                .doesNotContainPattern(": m5\\b")
                .containsPattern(": m6\n")
                .containsPattern(": m25\n")
                .contains("Renamed session " + id + " to \"Weekend 100%\"");
        assertThat(texts(id)).hasSize(26).endsWith("more");
        assertThat(client().session(id).title()).isEqualTo("Weekend 100%");
    }

    @Test
    void theHistoryMovesFromTheConfigDirectoryToXdgStateHome() throws IOException {
        Path old = home.resolve("config/parley/history");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "1700000000000:/typed long ago\n"); // JLine's format: time:line
        Path state = home.resolve("state");

        Result shell = cli.with("XDG_STATE_HOME", state.toString()).runWithStdin("/quit\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(old).doesNotExist();
        assertThat(Files.readString(state.resolve("parley/history")))
                .contains("/typed long ago")
                .contains("/quit");
    }

    @Test
    void theHistoryFileKeepsTheLinesAndOnlyItsOwnerMayReadIt() throws IOException {
        Result shell = cli.runWithStdin("/sessions\n/quit\n");

        Path history = home.resolve(".local/state/parley/history");
        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(Files.readString(history)).contains("/sessions").contains("/quit");
        if (PrivateFiles.posix()) {
            assertThat(Files.getPosixFilePermissions(history)).isEqualTo(PrivateFiles.OWNER_ONLY_FILE);
        }
    }

    @Test
    void failuresAndUnknownCommandsAreOneLineEach() {
        Result shell = cli.runWithStdin("/nope\n/open abc\n/history\n/rename X\n/help\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(errorLines(shell)).hasSize(4);
        assertThat(shell.out()).contains("/sessions").contains("/quit");
    }

    @Test
    void withoutALoginTheShellDoesNotStart() {
        Result shell = cli.run("logout");
        Result started = cli.runWithStdin("/quit\n");

        assertThat(shell.exitCode()).isZero();
        assertThat(started.exitCode()).isEqualTo(3);
        assertThat(started.err()).startsWith("parley: not logged in").hasLineCount(1);
        assertThat(started.out()).isEmpty();
    }

    @Test
    void aStoredEmailWithControlCharactersReachesThePromptWithoutThem() {
        String down = "http://127.0.0.1:" + closedPort();
        Cli offline = Cli.in(home.resolve("offline"), down);
        offline.credentials()
                .save(new StoredLogin(
                        down,
                        "mallory\u001b[2J\u001b]0;owned\u0007@example.com",
                        "access",
                        "refresh",
                        Instant.now().plusSeconds(600)));

        Result shell = offline.runWithStdin("/quit\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out()).contains("mallory [2J ]0;owned @example.com> ").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void helpStillPrintsTheUsage() {
        Result help = cli.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: parley").contains("open");
    }

    private static List<String> errorLines(Result shell) {
        return shell.out().lines().filter(line -> line.contains("parley: ")).toList();
    }

    private List<String> texts(long session) {
        return client().messages(session, null, null, null).messages().stream()
                .map(Message::text)
                .toList();
    }
}
