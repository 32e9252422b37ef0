package dev.parley.cli.account;

import dev.parley.api.User;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.credentials.StoredLogin;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley whoami}: who the server takes you for, and where that login lives. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = "Show who you are logged in as: email, user id, server, when the access token"
                + " expires (it is renewed automatically) and where it is stored.")
public final class WhoamiCommand implements Callable<Integer> {

    static final String FROM_FILE = "credentials_file";
    static final String FROM_ENVIRONMENT = "PARLEY_TOKEN";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

    @Mixin
    private CommandContext command;

    /**
     * What {@code --json} prints; {@code accessTokenExpiresAt} and {@code credentialsFile} are absent
     * for a token from the environment, which the credentials file has nothing to do with.
     */
    record Identity(
            String email,
            long userId,
            String server,
            Instant accessTokenExpiresAt,
            String tokenSource,
            String credentialsFile) {}

    @Override
    public Integer call() {
        Connection connection = command.connection();
        User user = connection.client().me();
        // Read after the call: it may have renewed the tokens.
        Instant expiresAt = connection.tokenFromEnvironment()
                ? null
                : connection
                        .storedLogin()
                        .map(StoredLogin::accessTokenExpiresAt)
                        .orElse(null);
        Identity identity = new Identity(
                user.email(),
                user.id(),
                connection.server().toString(),
                expiresAt,
                connection.tokenFromEnvironment() ? FROM_ENVIRONMENT : FROM_FILE,
                connection.tokenFromEnvironment()
                        ? null
                        : connection.credentials().path().toString());

        PrintWriter out = command.out();
        if (command.json()) {
            JsonOutput.print(out, identity);
            return ExitCode.OK;
        }
        out.printf("email:        %s%n", TerminalText.oneLine(identity.email()));
        out.printf("user id:      %d%n", identity.userId());
        out.printf("server:       %s%n", identity.server());
        if (connection.tokenFromEnvironment()) {
            out.printf("token:        from PARLEY_TOKEN (expiry not known)%n");
        } else {
            String expiry = expiresAt == null
                    ? "not known"
                    : LOCAL_TIME.format(expiresAt.atZone(connection.clock().getZone()));
            out.printf("token:        expires %s, renewed automatically%n", expiry);
        }
        if (!connection.tokenFromEnvironment()) {
            out.printf("stored in:    %s%n", identity.credentialsFile());
        }
        return ExitCode.OK;
    }
}
