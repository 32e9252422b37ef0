package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.api.User;
import dev.parley.cli.Cli.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --server, --json and --verbose work before the command's name as after it, and at any depth. */
class GlobalOptionsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    private String email;
    /** The real server is reached only through --server: $PARLEY_SERVER names a closed port. */
    private Cli elsewhere;

    @BeforeEach
    void logIn() {
        email = cli.newLogin(PASSWORD);
        elsewhere = cli.with("PARLEY_SERVER", "http://127.0.0.1:" + closedPort());
    }

    @Test
    void serverBeforeOrAfterTheCommandChoosesTheServer() {
        String url = server.baseUri().toString();

        Result before = elsewhere.run("--server", url, "whoami", "--json");
        Result after = elsewhere.run("whoami", "--server", url, "--json");
        Result neither = elsewhere.run("whoami");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.json().get("email").asText()).isEqualTo(email);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).isEqualTo(before.out());
        // Nothing listens there: that is what it says, rather than that no login is stored for it.
        assertThat(neither.exitCode()).isEqualTo(5);
        assertThat(neither.err()).startsWith("parley: cannot reach " + elsewhere.variable("PARLEY_SERVER"));
    }

    @Test
    void theShellWithoutACommandTakesTheServerOption() {
        Result shell =
                elsewhere.runWithStdin("/quit\n", "--server", server.baseUri().toString());

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out()).contains(email + "> ");
    }

    @Test
    void jsonBeforeANestedCommandPrintsTheApiRecord() {
        Result created = cli.run("--json", "sessions", "create", "Scripted");
        Result listed = cli.run("--json", "sessions");
        Result sent = cli.run(
                "--json",
                "--server",
                server.baseUri().toString(),
                "send",
                Long.toString(parse(created.out(), Session.class).id()),
                "hello");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        Session session = parse(created.out(), Session.class);
        assertThat(session.title()).isEqualTo("Scripted");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out().lines().map(line -> parse(line, Session.class)).toList())
                .containsExactly(session);
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(parse(sent.out(), Message.class).text()).isEqualTo("hello");
    }

    @Test
    void optionsOnBothSidesOfTheCommandCombine() {
        Result result = elsewhere.run(
                "--json",
                "sessions",
                "create",
                "Both sides",
                "--server",
                server.baseUri().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(parse(result.out(), Session.class).title()).isEqualTo("Both sides");
        assertThat(client().listSessions(null, null).sessions())
                .extracting(Session::title)
                .containsExactly("Both sides");
    }

    @Test
    void verboseBeforeTheCommandAddsTheStackTrace() {
        Result result = elsewhere.with("PARLEY_TOKEN", "any").run("--verbose", "whoami");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).startsWith("parley: cannot reach ").contains("Caused by: java.net.ConnectException");
    }

    @Test
    void theTokenFromTheEnvironmentStillStandsInForTheStoredLogin() {
        Cli fromEnvironment = Cli.in(otherHome, "http://127.0.0.1:" + closedPort())
                .with("PARLEY_TOKEN", cli.storedLogin(server.baseUri()).accessToken());

        Result result = fromEnvironment.run("--server", server.baseUri().toString(), "--json", "whoami");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(parse(result.out(), User.class).email()).isEqualTo(email);
        assertThat(result.json().get("token_source").asText()).isEqualTo("PARLEY_TOKEN");
    }

    @Test
    void aMisplacedOrInvalidGlobalOptionIsAUsageError() {
        Result invalid = cli.run("--server", "127.0.0.1:8080", "sessions");
        Result unknown = cli.run("--jsn", "sessions");

        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err())
                .startsWith("parley: Invalid value for option '--server'")
                .hasLineCount(1);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--jsn").hasLineCount(1);
    }

    @Test
    void theHelpListsTheOptionsWhereTheyApplyOnly() {
        Result root = cli.run("--help");
        Result send = cli.run("send", "--help");
        Result serverHelp = cli.run("server", "--help");

        for (Result help : List.of(root, send)) {
            assertThat(help.out()).contains("--server=URL").contains("--json").contains("--verbose");
        }
        assertThat(serverHelp.exitCode()).isZero();
        assertThat(serverHelp.out()).contains("--port").doesNotContain("--json").doesNotContain("--server");
    }
}
