package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import dev.parley.cli.client.ServerUrl;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures end in their documented exit code and one line on standard error. */
class FailureReportingTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    @Test
    void anUnreachableServerExitsWithFiveAndOneLine() throws IOException {
        String closed = "http://127.0.0.1:" + CliAgainstServer.closedPort();
        Cli cli = Cli.in(home, closed);

        Result register = cli.runWithStdin(PASSWORD + "\n", "register", "ann@example.com", "--password-stdin");
        Result login = cli.runWithStdin(PASSWORD + "\n", "login", "ann@example.com", "--password-stdin");

        for (Result result : new Result[] {register, login}) {
            assertThat(result.exitCode()).isEqualTo(5);
            assertThat(result.err()).isEqualTo("parley: cannot reach " + closed + ": connection refused\n");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Cli cli = Cli.in(home, "http://127.0.0.1:" + CliAgainstServer.closedPort());

        Result result = cli.runWithStdin(PASSWORD + "\n", "login", "ann@example.com", "--password-stdin", "--verbose");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err())
                .startsWith("parley: cannot reach ")
                .contains("dev.parley.cli.client.ApiFailure")
                .contains("Caused by: java.net.ConnectException");
    }

    @Test
    void logoutForgetsTheLoginEvenWhenTheServerIsGone() throws IOException {
        String gone;
        Cli cli;
        try (TestServer server = TestServer.start()) {
            gone = server.baseUri().toString();
            cli = Cli.in(home, gone);
            cli.newLogin(PASSWORD);
        }

        Result loggedOut = cli.run("logout");
        Result whoami = cli.run("whoami");

        assertThat(loggedOut.exitCode()).isEqualTo(5);
        assertThat(loggedOut.err())
                .isEqualTo("parley: forgot the login locally, but could not revoke the token on"
                        + " the server, where it works until it expires: cannot reach " + gone
                        + ": connection refused\n");
        assertThat(whoami.exitCode()).isEqualTo(5);
        assertThat(whoami.err()).startsWith("parley: cannot reach " + gone);
        assertThat(cli.credentials().find(ServerUrl.parse(gone))).isEmpty();
    }

    @Test
    void parleyServerChoosesTheServerAndAnInvalidOneIsAUsageError() throws IOException {
        String server = "http://127.0.0.1:" + CliAgainstServer.closedPort();
        Cli cli = Cli.in(home, server);

        Result fromVariable = cli.run("whoami");
        Result invalid = cli.with("PARLEY_SERVER", "127.0.0.1:8080").run("whoami");

        Result invalidOption = cli.run("whoami", "--server", "127.0.0.1:8080");

        assertThat(fromVariable.exitCode()).isEqualTo(5);
        assertThat(fromVariable.err()).startsWith("parley: cannot reach " + server + ": connection refused");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err())
                .startsWith("parley: PARLEY_SERVER is not a server URL: not an http or https URL"
                        + " (like http://127.0.0.1:8080): 127.0.0.1:8080 (see 'parley")
                .hasLineCount(1);
        assertThat(invalidOption.exitCode()).isEqualTo(2);
        assertThat(invalidOption.err())
                .startsWith("parley: Invalid value for option '--server': not an http or https URL");
    }

    @Test
    void helpListsTheExitCodes() {
        Result help = Cli.in(home, "http://127.0.0.1:8080").run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("Exit codes:")
                .containsPattern("3 +not logged in")
                .containsPattern("5 +server unreachable")
                .contains("PARLEY_TOKEN");
    }
}
