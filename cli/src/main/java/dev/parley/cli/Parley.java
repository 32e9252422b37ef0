package dev.parley.cli;

import dev.parley.cli.account.LoginCommand;
import dev.parley.cli.account.LogoutCommand;
import dev.parley.cli.account.RegisterCommand;
import dev.parley.cli.account.WhoamiCommand;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.completion.CompletionCommand;
import dev.parley.cli.message.DeleteMessageCommand;
import dev.parley.cli.message.EditMessageCommand;
import dev.parley.cli.message.HistoryCommand;
import dev.parley.cli.message.SendCommand;
import dev.parley.cli.outbox.OutboxCommand;
import dev.parley.cli.search.SearchCommand;
import dev.parley.cli.session.SessionsCommand;
import dev.parley.cli.session.UnreadCommand;
import dev.parley.cli.shell.OpenCommand;
import dev.parley.cli.watch.WatchCommand;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The root of the command tree and the one place that builds the {@link CommandLine}. */
@Command(
        name = "parley",
        mixinStandardHelpOptions = true,
        versionProvider = VersionLine.class,
        description = {
            "Parley: a chat server and its command-line client.",
            "Without a command, starts the interactive chat shell (see 'parley open --help')."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the server refused the request (its reason is printed), or a local failure"
                    + " such as a credentials file readable by others",
            "2:usage error: unknown command or option, missing or invalid argument",
            "3:not logged in, or the token was rejected and could not be renewed; or outbox messages"
                    + " written by another account were kept, not sent",
            "4:not found",
            "5:server unreachable: connection refused, timeout, unknown host (a send is kept in" + " the outbox)"
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  PARLEY_SERVER    the server when --server is not given",
            "  PARLEY_TOKEN     an access token to use instead of the stored login",
            "  XDG_CONFIG_HOME  logins are kept in $XDG_CONFIG_HOME/parley/credentials.json",
            "                   (default ~/.config/parley/credentials.json), pending sends in",
            "                   $XDG_CONFIG_HOME/parley/outbox/",
            "  XDG_STATE_HOME   the shell's history is kept in $XDG_STATE_HOME/parley/history",
            "                   (default ~/.local/state/parley/history)",
            "",
            "Errors are one line on standard error; --verbose adds the stack trace."
        })
public final class Parley implements Callable<Integer> {

    /** Every command, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            RegisterCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            SessionsCommand.class,
            SendCommand.class,
            EditMessageCommand.class,
            DeleteMessageCommand.class,
            HistoryCommand.class,
            SearchCommand.class,
            OutboxCommand.class,
            UnreadCommand.class,
            WatchCommand.class,
            OpenCommand.class,
            CompletionCommand.class,
            ServerSubcommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that work on all the others: the help of any command, a completion script for all. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

    /**
     * Commands that do not talk to a server: the client's options would only be noise in their
     * help, and {@code server} hands every argument to the server's own command.
     */
    private static final List<String> LOCAL_COMMANDS = List.of("server", "completion", "help");

    @Spec
    private CommandSpec spec;

    /** Read by picocli only: its options are inherited by every subcommand, which get the instance itself. */
    @Mixin
    private GlobalOptions global;

    private Parley(GlobalOptions global) {
        this.global = global;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Environment.system(), args).execute(args));
    }

    /**
     * The configured command line to run {@code args}: commands get {@code environment}, failures
     * become the exit codes above. When {@code args} name a command that stands alone, it is the
     * only one the line holds, as picocli reflects on each command it is given, which a script
     * calling {@code parley send} should not wait for; anything else (no command, an unknown one,
     * {@code --help}) gets them all. Tests run commands through it exactly as {@link #main} does.
     */
    public static CommandLine commandLine(Environment environment, String... args) {
        int first = GlobalOptions.leadingOptions(args);
        String named = first < args.length && !WHOLE_TREE.contains(args[first]) ? args[first] : null;
        List<Class<?>> alone = COMMANDS.stream()
                .filter(command -> command.getAnnotation(Command.class).name().equals(named))
                .toList();
        return commandLine(environment, alone.isEmpty() ? COMMANDS : alone);
    }

    private static CommandLine commandLine(Environment environment, List<Class<?>> commands) {
        GlobalOptions global = new GlobalOptions();
        CommandLine commandLine = new CommandLine(new Parley(global), new CommandFactory(environment, global));
        for (Class<?> command : commands) {
            commandLine.addSubcommand(command);
        }
        for (String local : LOCAL_COMMANDS) {
            CommandLine command = commandLine.getSubcommands().get(local);
            if (command != null) {
                CommandSpec spec = command.getCommandSpec();
                spec.options().stream().filter(OptionSpec::inherited).toList().forEach(spec::remove);
            }
        }
        ErrorReporter errors = new ErrorReporter(environment, global);
        // Both settings reach every subcommand registered so far, i.e. all of them.
        commandLine.registerConverter(ServerUrl.class, serverUrl());
        commandLine.setDefaultValueProvider(argument ->
                argument instanceof OptionSpec option && option.longestName().equals(GlobalOptions.SERVER)
                        ? environment.variable("PARLEY_SERVER").orElse(ServerUrl.DEFAULT)
                        : null);
        return commandLine
                // Once the options are parsed, --json among them, the help's colours are known.
                .setExecutionStrategy(parseResult -> {
                    Help.Ansi ansi = Palette.output(environment, global).on() ? Help.Ansi.ON : Help.Ansi.OFF;
                    commandLine.setColorScheme(Help.defaultColorScheme(ansi));
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /** {@code parley} without a command: the interactive shell, as {@code parley open}. */
    @Override
    public Integer call() throws IOException {
        return ((OpenCommand) spec.subcommands().get("open").getCommand()).call();
    }

    private static ITypeConverter<ServerUrl> serverUrl() {
        return text -> {
            try {
                return ServerUrl.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }
}
