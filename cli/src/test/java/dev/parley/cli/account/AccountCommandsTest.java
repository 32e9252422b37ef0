package dev.parley.cli.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.User;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.server.testing.ApiClient;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** register, login, whoami and logout against the real server, as a user and as a script. */
class AccountCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void registeredUserLogsInAndIsShownByWhoami() {
        String email = ApiClient.uniqueEmail();

        Result registered = cli.runWithStdin(PASSWORD + "\n", "register", email, "--password-stdin");
        Result loggedIn = cli.runWithStdin(PASSWORD + "\n", "login", email, "--password-stdin");
        Result whoami = cli.run("whoami");

        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(registered.out()).contains("Registered " + email).contains("parley login " + email);
        assertThat(loggedIn.exitCode()).as(loggedIn.toString()).isZero();
        assertThat(loggedIn.out()).contains("Logged in to " + server.baseUri()).contains(email);
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out())
                .contains("email:        " + email)
                .containsPattern("user id: +\\d+")
                .contains("server:       " + server.baseUri())
                .contains("token:        expires ")
                .contains("stored in:    " + cli.credentialsFile());
        assertThat(whoami.err()).isEmpty();
    }

    @Test
    void whoamiJsonIsOneDocumentWithEveryField() {
        String email = cli.newLogin(PASSWORD);

        Result whoami = cli.run("whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out().strip()).doesNotContain("\n");
        JsonNode json = whoami.json();
        assertThat(json.get("email").asText()).isEqualTo(email);
        assertThat(json.get("user_id").asLong()).isPositive();
        assertThat(json.get("server").asText()).isEqualTo(server.baseUri().toString());
        assertThat(Instant.parse(json.get("access_token_expires_at").asText())).isAfter(Instant.now());
        assertThat(json.get("token_source").asText()).isEqualTo("credentials_file");
        assertThat(json.get("credentials_file").asText())
                .isEqualTo(cli.credentialsFile().toString());
    }

    @Test
    void registerJsonPrintsTheApiUser() throws Exception {
        String email = ApiClient.uniqueEmail();

        Result registered = cli.runWithStdin(PASSWORD + "\n", "register", email, "--password-stdin", "--json");

        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        User user = Json.mapper().readValue(registered.out(), User.class);
        assertThat(user.email()).isEqualTo(email);
        assertThat(user.id()).isPositive();
    }

    @Test
    void loginJsonNamesTheLoginButNoToken() {
        String email = ApiClient.uniqueEmail();
        cli.runWithStdin(PASSWORD + "\n", "register", email, "--password-stdin");

        Result loggedIn = cli.runWithStdin(PASSWORD + "\n", "login", email, "--password-stdin", "--json");

        assertThat(loggedIn.exitCode()).as(loggedIn.toString()).isZero();
        JsonNode json = loggedIn.json();
        assertThat(json.get("email").asText()).isEqualTo(email);
        assertThat(json.get("server").asText()).isEqualTo(server.baseUri().toString());
        assertThat(json.has("access_token_expires_at")).isTrue();
        assertThat(loggedIn.out()).doesNotContain("token\":").doesNotContain("refresh");
    }

    @Test
    void passwordsTypedOnTheTerminalWork() {
        String email = ApiClient.uniqueEmail();

        Result registered = cli.withTerminal(PASSWORD, PASSWORD).run("register", email);
        Result loggedIn = cli.withTerminal(PASSWORD).run("login", email);

        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(loggedIn.exitCode()).as(loggedIn.toString()).isZero();
        assertThat(cli.run("whoami").out()).contains(email);
    }

    @Test
    void registerRefusesTwoDifferentPasswordsAsAUsageError() {
        Result registered = cli.withTerminal(PASSWORD, PASSWORD + "x").run("register", ApiClient.uniqueEmail());

        assertThat(registered.exitCode()).isEqualTo(2);
        assertThat(registered.err()).isEqualTo("parley: the two passwords differ (see 'parley register --help')\n");
    }

    @Test
    void wrongPasswordIsAFailureReportedByTheServer() {
        String email = cli.newLogin(PASSWORD);

        Result loggedIn = cli.runWithStdin("not the password\n", "login", email, "--password-stdin");

        assertThat(loggedIn.exitCode()).isEqualTo(1);
        assertThat(loggedIn.err()).isEqualTo("parley: the email or password is wrong\n");
        assertThat(loggedIn.out()).isEmpty();
    }

    @Test
    void takenEmailAndShortPasswordShowTheProblem() {
        String email = cli.newLogin(PASSWORD);

        Result taken = cli.runWithStdin(PASSWORD + "\n", "register", email, "--password-stdin");
        Result shortPassword = cli.runWithStdin("short\n", "register", ApiClient.uniqueEmail(), "--password-stdin");

        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).startsWith("parley: Conflict: ").endsWith("\n").hasLineCount(1);
        assertThat(shortPassword.exitCode()).isEqualTo(1);
        assertThat(shortPassword.err())
                .contains("password: must be at least 8 characters")
                .hasLineCount(1);
    }

    @Test
    void logoutRevokesTheTokenAndForgetsIt() {
        cli.newLogin(PASSWORD);
        String accessToken = cli.storedLogin(server.baseUri()).accessToken();

        Result loggedOut = cli.run("logout");
        Result whoami = cli.run("whoami");

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(loggedOut.out()).isEqualTo("Logged out of " + server.baseUri() + "\n");
        assertThat(whoami.exitCode()).isEqualTo(3);
        assertThat(whoami.err())
                .startsWith("parley: not logged in to " + server.baseUri())
                .contains("run 'parley login EMAIL'")
                .hasLineCount(1);
        assertThat(ApiClient.of(server)
                        .get("/users/me")
                        .bearer(accessToken)
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void logoutWhenNotLoggedInSucceedsAndSaysSo() {
        Result loggedOut = cli.run("logout", "--json");

        assertThat(loggedOut.exitCode()).isZero();
        assertThat(loggedOut.json().get("was_logged_in").asBoolean()).isFalse();
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() {
        Result noEmail = cli.run("login");
        Result unknownOption = cli.run("whoami", "--colour");
        Result noTerminal = cli.run("login", ApiClient.uniqueEmail());
        Result emptyStdin = cli.run("login", ApiClient.uniqueEmail(), "--password-stdin");
        Result badServer = cli.run("whoami", "--server", "ftp://example.com");

        assertThat(noEmail.exitCode()).isEqualTo(2);
        assertThat(noEmail.err())
                .isEqualTo("parley: Missing required parameter: 'EMAIL' (see 'parley login --help')\n");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("--colour").hasLineCount(1);
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("--password-stdin").hasLineCount(1);
        assertThat(emptyStdin.exitCode()).isEqualTo(2);
        assertThat(emptyStdin.err()).contains("standard input ended").hasLineCount(1);
        assertThat(badServer.exitCode()).isEqualTo(2);
        assertThat(badServer.err()).contains("not an http or https URL").hasLineCount(1);
    }
}
