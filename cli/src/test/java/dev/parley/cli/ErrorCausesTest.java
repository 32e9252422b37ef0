package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.api.Session;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors name their real cause, against the real server (or a port where nothing listens). */
class ErrorCausesTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    @Test
    void aClosedPortIsUnreachableEvenWithoutALogin() {
        String closed = "http://127.0.0.1:" + closedPort();

        Result sessions = cli.run("sessions", "--server", closed);

        assertThat(sessions.exitCode()).isEqualTo(5);
        assertThat(sessions.err()).isEqualTo("parley: cannot reach " + closed + ": connection refused\n");
    }

    @Test
    void withoutALoginTheServerItselfSaysNotLoggedIn() {
        Result sessions = cli.run("sessions");

        assertThat(sessions.exitCode()).isEqualTo(3);
        assertThat(sessions.err())
                .contains("no login stored for this server")
                .contains("run 'parley login EMAIL'")
                .hasLineCount(1);
    }

    @Test
    void aBadParleyTokenIsNamedAndNoLoginIsSuggested() {
        cli.newLogin(PASSWORD);

        Result sessions = cli.with("PARLEY_TOKEN", "garbage").run("sessions");

        assertThat(sessions.exitCode()).isEqualTo(3);
        assertThat(sessions.err())
                .contains("the server rejected the token")
                .contains("PARLEY_TOKEN holds a token this server does not accept")
                .doesNotContain("run 'parley login")
                .hasLineCount(1);
    }

    @Test
    void whoamiUnderParleyTokenDoesNotNameTheCredentialsFile() {
        cli.newLogin(PASSWORD);
        String token = cli.storedLogin(server.baseUri()).accessToken();

        Result whoami = cli.with("PARLEY_TOKEN", token).run("whoami");
        Result json = cli.with("PARLEY_TOKEN", token).run("whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out())
                .contains("from PARLEY_TOKEN")
                .doesNotContain("credentials")
                .doesNotContain("stored in");
        assertThat(json.json().has("credentials_file")).isFalse();
    }

    @Test
    void misspeltCommandsAndOptionsGetADidYouMean() {
        Result command = cli.run("sesions");
        Result option = cli.run("history", "1", "--limt", "3");

        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).contains("did you mean sessions").hasLineCount(1);
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).contains("did you mean --limit").hasLineCount(1);
    }

    @Test
    void aTitleOfSeveralWordsNeedsNoQuotes() {
        cli.newLogin(PASSWORD);

        Result created = cli.run("sessions", "create", "Book", "club", "--json");
        Session session = parse(created.out(), Session.class);
        Result renamed = cli.run("sessions", "rename", Long.toString(session.id()), "Book", "club", "2");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(session.title()).isEqualTo("Book club");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        assertThat(client().session(session.id()).title()).isEqualTo("Book club 2");
    }

    @Test
    void sessionsLimitOutOfRangeIsAUsageError() {
        Result zero = cli.run("sessions", "--limit", "0");
        Result tooMany = cli.run("sessions", "--limit", "101");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit must be between 1 and 100").hasLineCount(1);
        assertThat(tooMany.exitCode()).isEqualTo(2);
    }

    @Test
    void loggingInOverAnotherAccountSaysSoAndRevokesTheOldLogin() {
        String alice = cli.newLogin(PASSWORD);
        String aliceToken = cli.storedLogin(server.baseUri()).accessToken();
        String bob = Cli.in(otherHome, server.baseUri().toString()).newLogin(PASSWORD);

        Result login = cli.runWithStdin(PASSWORD + "\n", "login", bob, "--password-stdin");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err())
                .isEqualTo("Logged out " + alice + " first: the login is replaced and revoked on the server\n");
        ParleyClient old = ParleyClient.create(
                ServerUrl.parse(server.baseUri().toString()), TokenStore.fixed(aliceToken), Clock.systemUTC());
        ApiFailure rejected = catchThrowableOfType(ApiFailure.class, old::me);
        assertThat(rejected.kind()).isEqualTo(ApiFailure.Kind.NOT_LOGGED_IN);
        assertThat(client().me().email()).isEqualTo(bob);
    }
}
