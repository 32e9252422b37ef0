package dev.parley.cli.account;

import dev.parley.api.TokenResponse;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.credentials.StoredLogin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley login EMAIL}: logs in and stores the tokens, beside the logins of other servers. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Log in and store the token for this server (logins to other servers are kept)."
                + " A login to this server it replaces is revoked on the server (a line on standard error"
                + " says so when it was another account's)."
                + " The password is typed on the terminal, or piped in with --password-stdin.",
        footer = {"", "Example:", "  printf '%%s\\n' \"$PASSWORD\" | parley login ann@example.com --password-stdin"})
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Mixin
    private PasswordOptions password;

    @Parameters(paramLabel = "EMAIL", description = "The email address of the account.")
    private String email;

    /** What {@code --json} prints: the login, without its tokens. */
    record LoggedIn(String server, String email, Instant accessTokenExpiresAt, String credentialsFile) {}

    @Override
    public Integer call() {
        Connection connection = command.connection();
        String secret = password.read(
                command.environment(), "Password for " + email + " on " + connection.server() + ": ", false);
        Instant requested = connection.clock().instant();
        TokenResponse tokens = connection.anonymousClient().logIn(email, secret);
        // The login this one replaces is revoked, not just forgotten: its tokens would work on.
        connection.storedLogin().ifPresent(previous -> replace(connection, previous));
        StoredLogin login = StoredLogin.of(connection.server(), email, tokens, requested);
        connection.credentials().save(login);

        PrintWriter out = command.out();
        JsonOutput.printResult(
                out,
                command.json(),
                new LoggedIn(
                        login.server(),
                        email,
                        login.accessTokenExpiresAt(),
                        connection.credentials().path().toString()),
                "Logged in to " + connection.server() + " as " + email + "; the token is stored in "
                        + connection.credentials().path());
        return ExitCode.OK;
    }

    /** Revokes the stored login on the server; says so when it was another account's. */
    private void replace(Connection connection, StoredLogin previous) {
        String failure = null;
        try {
            connection.client().logOut();
        } catch (ApiFailure e) {
            // Rejected already: as good as revoked. Unreachable (it answered the log-in a moment ago): say so.
            failure = e.kind() == ApiFailure.Kind.NOT_LOGGED_IN ? null : e.getMessage();
        }
        PrintWriter err = command.err();
        if (previous.email() != null && !previous.email().equalsIgnoreCase(email)) {
            err.println("Logged out " + previous.email() + " first: the login is replaced"
                    + (failure == null
                            ? " and revoked on the server"
                            : ", but could not be revoked on the server (" + TerminalText.oneLine(failure) + ")"));
        } else if (failure != null) {
            err.println("The previous login could not be revoked on the server: " + TerminalText.oneLine(failure));
        }
        err.flush();
    }
}
