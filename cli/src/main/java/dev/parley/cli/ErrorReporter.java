package dev.parley.cli;

import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.credentials.CredentialsException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and messages: one line on standard error,
 * {@code parley: <what went wrong>}, and the stack trace only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final Environment environment;
    private final GlobalOptions global;

    ErrorReporter(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(prefix() + " " + oneLine(describe(e, args)) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * picocli's message, with what picocli does not say: that a bad server URL came from
     * {@code PARLEY_SERVER} when no {@code --server} was typed, and which command or option a
     * misspelt one probably meant.
     */
    private static String describe(ParameterException e, String[] args) {
        if (e.getArgSpec() instanceof OptionSpec option
                && option.longestName().equals(GlobalOptions.SERVER)
                && !GlobalOptions.typed(args, GlobalOptions.SERVER)) {
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return "PARLEY_SERVER is not a server URL: " + cause;
        }
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            List<String> suggestions = unmatched.getSuggestions();
            return e.getMessage() + "; did you mean "
                    + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
        }
        return e.getMessage();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean verbose = global.verbose();
        String message = switch (e) {
            case ApiFailure f -> f.getMessage();
            case CommandFailure f -> f.getMessage();
            case CredentialsException f -> f.getMessage();
            // The message only: a class name tells the user nothing; --verbose prints the trace.
            default ->
                "unexpected failure" + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + (verbose ? "" : " (run again with --verbose for details)");
        };
        err.println(prefix() + " " + oneLine(message));
        if (verbose) {
            printStackTrace(e, err);
        }
        err.flush();
        return exitCode(e);
    }

    private String prefix() {
        return Palette.errors(environment, global).errorPrefix();
    }

    static int exitCode(Exception e) {
        return switch (e) {
            case ApiFailure f -> ExitCode.of(f.kind());
            case CommandFailure f -> f.exitCode();
            default -> ExitCode.FAILURE;
        };
    }

    /** The trace line by line through the filter: its messages, the causes' too, may quote the server. */
    private static void printStackTrace(Exception e, PrintWriter err) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().map(TerminalText::multiLine).forEach(err::println);
    }

    /** Messages quote the server; control characters from there must not reach the terminal. */
    static String oneLine(String message) {
        return message == null ? "failed" : TerminalText.oneLine(message);
    }
}
