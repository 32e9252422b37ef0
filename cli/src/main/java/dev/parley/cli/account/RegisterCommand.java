package dev.parley.cli.account;

import dev.parley.api.User;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.JsonOutput;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley register EMAIL}: creates an account; logging in is the next step. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Create an account on the server. The password (8 characters or more) is typed"
                + " on the terminal, or piped in with --password-stdin.",
        footer = {"", "Example:", "  printf '%%s\\n' \"$PASSWORD\" | parley register ann@example.com --password-stdin"})
public final class RegisterCommand implements Callable<Integer> {

    private final Environment environment;
    private final GlobalOptions global;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PasswordOptions password;

    @Parameters(paramLabel = "EMAIL", description = "The email address to register.")
    private String email;

    RegisterCommand(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public Integer call() {
        Connection connection = Connection.of(global, environment);
        String secret = password.read(environment, "Choose a password for " + email + ": ", true);
        User user = connection.anonymousClient().register(email, secret);
        JsonOutput.printResult(spec.commandLine().getOut(), global.json(), user, "Registered " + user.email()
                + " (user id " + user.id() + ") on " + connection.server() + ". Log in with: parley login " + user.email());
        return ExitCode.OK;
    }
}
