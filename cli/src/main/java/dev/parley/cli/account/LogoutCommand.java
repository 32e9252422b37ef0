package dev.parley.cli.account;

import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.outbox.Outbox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley logout}: revokes the token on the server and forgets the stored login. The login is
 * forgotten even when the server cannot be reached, which is then reported (exit code 5), as the
 * token may still work until it expires.
 */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Revoke the token on the server and forget the stored login of this server."
                + " With PARLEY_TOKEN set, that token is revoked and the stored login is kept. Messages of"
                + " this account waiting in the outbox stay there (a note on standard error says so).")
public final class LogoutCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    /** What {@code --json} prints. */
    record LoggedOut(String server, boolean wasLoggedIn) {}

    @Override
    public Integer call() {
        Connection connection = command.connection();
        boolean loggedIn =
                connection.tokenFromEnvironment() || connection.storedLogin().isPresent();
        warnOfPendingMessages(connection);
        ApiFailure failure = loggedIn ? revoke(connection) : null;
        if (!connection.tokenFromEnvironment()) {
            connection.credentials().remove(connection.server());
        }
        if (failure != null) {
            String done = connection.tokenFromEnvironment() ? "" : "forgot the login locally, but ";
            throw new CommandFailure(
                    ExitCode.of(failure.kind()),
                    done + "could not revoke the token on the server," + " where it works until it expires: "
                            + failure.getMessage(),
                    failure);
        }

        PrintWriter out = command.out();
        if (command.json()) {
            JsonOutput.print(out, new LoggedOut(connection.server().toString(), loggedIn));
        } else if (loggedIn) {
            out.printf("Logged out of %s%n", connection.server());
        } else {
            out.printf("Not logged in to %s; nothing to do%n", connection.server());
        }
        return ExitCode.OK;
    }

    /** Logging out does not touch the outbox, but its messages now wait for this account's next login. */
    private void warnOfPendingMessages(Connection connection) {
        connection.account().ifPresent(account -> {
            int pending = Outbox.locate(command.environment().variables())
                    .list(connection.server(), account)
                    .size();
            if (pending > 0) {
                // The account of PARLEY_TOKEN is the email its token claims: the server's text.
                String who = TerminalText.oneLine(account);
                command.err()
                        .println("Note: " + (pending == 1 ? "1 message" : pending + " messages") + " by " + who
                                + " wait in the outbox (see 'parley outbox'); they are sent once " + who
                                + " logs in again and sends or runs 'parley outbox flush', and never as anyone else.");
                command.err().flush();
            }
        });
    }

    /** Revokes the token; null when it is revoked, or no longer accepted, which is as good. */
    private static ApiFailure revoke(Connection connection) {
        try {
            connection.client().logOut();
            return null;
        } catch (ApiFailure e) {
            return e.kind() == ApiFailure.Kind.NOT_LOGGED_IN ? null : e;
        }
    }
}
