package dev.parley.cli;

import dev.parley.server.ServerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * docs/cli.md: the help of every command, as {@code parley COMMAND --help} prints it, written from the
 * command tree the program runs, so the page cannot drift from the code. {@code parley server} is
 * documented by the server's own command, whose options the client's {@code server} only hands on
 * (as {@code parley server --help} shows it). {@link CliReferenceTest} checks the committed page;
 * {@link #main} rewrites it.
 */
final class CliReference {

    /** Where the page lives, from the repository's root. */
    static final Path PAGE = Path.of("docs", "cli.md");
    /** picocli's own width, fixed, so the page does not depend on the terminal that made it. */
    private static final int WIDTH = 80;
    /** No variables: the help shows the built-in defaults, never the generating machine's settings. */
    private static final Environment NO_SETTINGS =
            new Environment(Map.of(), InputStream.nullInputStream(), null, Clock.systemUTC(), false, false);

    private CliReference() {}

    /** Writes docs/cli.md of the repository the working directory is in. */
    public static void main(String[] args) throws IOException {
        Path page = repositoryRoot().resolve(PAGE);
        Files.writeString(page, markdown());
        System.out.println("wrote " + page);
    }

    /** The page: an index, then each command's usage help under a heading of its full name. */
    static String markdown() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Parley.commandLine(NO_SETTINGS).setUsageHelpWidth(WIDTH).setUsageHelpAutoWidth(false), commands);
        StringBuilder page = new StringBuilder();
        page.append("# The parley command\n\n")
                .append(
                        "<!-- Generated from the picocli command tree by cli/src/test/java/dev/parley/cli/CliReference.java:\n")
                .append(
                        "     do not edit. CliReferenceTest fails when this page differs from the code; to rewrite it:\n")
                .append("     ./mvnw -B -q -pl cli -am verify -Dtest=CliReferenceTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dparley.docs.regenerate=true -->\n\n")
                .append(
                        "Every command's help, exactly as `parley COMMAND --help` prints it. How to use them together\n")
                .append("(the shell, watching, the outbox, scripting) is in [the CLI guide](cli-guide.md).\n\n");
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName();
            page.append("- [")
                    .append(name)
                    .append("](#")
                    .append(name.replace(' ', '-'))
                    .append(")\n");
        }
        for (CommandLine command : commands) {
            page.append("\n## ")
                    .append(command.getCommandSpec().qualifiedName())
                    .append("\n\n")
                    .append("```text\n")
                    .append(command.getUsageMessage(Help.Ansi.OFF)
                            .stripTrailing()
                            .lines()
                            .map(String::stripTrailing)
                            .collect(Collectors.joining("\n")))
                    .append("\n```\n");
        }
        return page.toString();
    }

    /**
     * The command and every subcommand below it, depth first, in the order the help lists them. In
     * place of the client's {@code server}, which hands its arguments on, the server's own command,
     * named and built as {@link ServerSubcommand} builds it to run it.
     */
    private static void collect(CommandLine command, List<CommandLine> into) {
        if (command.getCommand() instanceof ServerSubcommand) {
            command = new CommandLine(new ServerCommand())
                    .setCommandName(command.getCommandSpec().qualifiedName())
                    .setUsageHelpWidth(WIDTH)
                    .setUsageHelpAutoWidth(false);
        }
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    /** The nearest directory up from the working directory that holds the Maven wrapper. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        Optional<Path> root = Optional.empty();
        for (Path at = dir; at != null && root.isEmpty(); at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("mvnw")) && Files.isDirectory(at.resolve("docs"))) {
                root = Optional.of(at);
            }
        }
        return root.orElseThrow(() -> new IllegalStateException("no repository root above " + dir));
    }
}
