package dev.parley.cli.account;

import dev.parley.api.TokenResponse;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.credentials.StoredLogin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley login EMAIL}: logs in and stores the tokens, beside the logins of other servers. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Log in and store the token for this server (logins to other servers are kept)."
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
    record LoggedIn(String server, String email, Instant accessTokenExpiresAt, String credentialsFile) {
    }

    @Override
    public Integer call() {
        Connection connection = command.connection();
        String secret = password.read(command.environment(), "Password for " + email + " on " + connection.server() + ": ", false);
        Instant requested = connection.clock().instant();
        TokenResponse tokens = connection.anonymousClient().logIn(email, secret);
        StoredLogin login = StoredLogin.of(connection.server(), email, tokens, requested);
        connection.credentials().save(login);

        PrintWriter out = command.out();
        JsonOutput.printResult(out, command.json(),
                new LoggedIn(login.server(), email, login.accessTokenExpiresAt(), connection.credentials().path().toString()),
                "Logged in to " + connection.server() + " as " + email + "; the token is stored in "
                        + connection.credentials().path());
        return ExitCode.OK;
    }
}
