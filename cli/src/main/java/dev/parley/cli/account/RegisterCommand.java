package dev.parley.cli.account;

import dev.parley.api.User;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley register EMAIL}: creates an account; logging in is the next step. */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = "Create an account on the server. The password (8 characters or more) is typed"
                + " on the terminal, or piped in with --password-stdin.",
        footer = {"", "Example:", "  printf '%%s\\n' \"$PASSWORD\" | parley register ann@example.com --password-stdin"})
public final class RegisterCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Mixin
    private PasswordOptions password;

    @Parameters(paramLabel = "EMAIL", description = "The email address to register.")
    private String email;

    @Override
    public Integer call() {
        Connection connection = command.connection();
        String secret = password.read(command.environment(), "Choose a password for " + email + ": ", true);
        User user = connection.anonymousClient().register(email, secret);
        JsonOutput.printResult(
                command.out(),
                command.json(),
                user,
                "Registered " + TerminalText.oneLine(user.email()) + " (user id " + user.id() + ") on "
                        + connection.server() + ". Log in with: parley login " + email);
        return ExitCode.OK;
    }
}
