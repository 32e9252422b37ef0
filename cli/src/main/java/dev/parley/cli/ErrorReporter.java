package dev.parley.cli;

import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.credentials.CredentialsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        err.println(prefix() + " " + oneLine(e.getMessage()) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean verbose = global.verbose();
        String message = switch (e) {
            case ApiFailure f -> f.getMessage();
            case CommandFailure f -> f.getMessage();
            case CredentialsException f -> f.getMessage();
            default -> "unexpected failure: " + e + (verbose ? "" : " (run again with --verbose for details)");
        };
        err.println(prefix() + " " + oneLine(message));
        if (verbose) {
            e.printStackTrace(err);
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

    /** Messages quote the server; control characters from there must not reach the terminal. */
    static String oneLine(String message) {
        return message == null ? "failed" : TerminalText.oneLine(message);
    }
}
