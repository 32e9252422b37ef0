package dev.parley.cli;

import dev.parley.cli.client.ServerUrl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The options every client command takes, before or after the command's name: mixed into the root
 * command only, and inherited from there by every subcommand, so that {@code parley --json sessions}
 * and {@code parley sessions --json} set the same field of the one instance that
 * {@link Parley#commandLine} hands to the commands. {@code --server} defaults to
 * {@code $PARLEY_SERVER}, else {@value ServerUrl#DEFAULT}; the default is supplied there too.
 */
public final class GlobalOptions {

    static final String SERVER = "--server";
    private static final String JSON = "--json";
    private static final String VERBOSE = "--verbose";

    @Option(
            names = SERVER,
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = {"The Parley server.", "Default: $PARLEY_SERVER, else " + ServerUrl.DEFAULT})
    private ServerUrl server;

    @Option(
            names = JSON,
            scope = ScopeType.INHERIT,
            description = "Print one JSON document instead of text, for scripts.")
    private boolean json;

    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "On failure, print the stack trace as well.")
    private boolean verbose;

    GlobalOptions() {}

    public ServerUrl server() {
        return server != null ? server : ServerUrl.parse(ServerUrl.DEFAULT);
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Whether {@code option} is among {@code args}, alone or as {@code option=value}. */
    static boolean typed(String[] args, String option) {
        for (String arg : args) {
            if (arg.equals(option) || arg.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    /** How many of {@code args} are these options (with their values) before anything else. */
    static int leadingOptions(String[] args) {
        int index = 0;
        while (index < args.length) {
            String arg = args[index];
            if (arg.equals(SERVER)) {
                index += 2;
            } else if (arg.startsWith(SERVER + "=") || arg.equals(JSON) || arg.equals(VERBOSE)) {
                index++;
            } else {
                break;
            }
        }
        return Math.min(index, args.length);
    }

    /**
     * Whether {@code --server} was typed, before or after the command's name, rather than taken
     * from {@code $PARLEY_SERVER} or the default.
     */
    public static boolean serverGiven(CommandSpec command) {
        for (ParseResult result = command.root().commandLine().getParseResult();
                result != null;
                result = result.subcommand()) {
            if (result.hasMatchedOption(SERVER)) {
                return true;
            }
        }
        return false;
    }
}
