package dev.parley.cli;

import dev.parley.cli.client.ApiFailure;

/** The exit codes of {@code parley}, stable for scripts; the root command's help lists them. */
public final class ExitCode {

    public static final int OK = 0;
    /** The server refused the request (its reason is printed), or something else failed locally. */
    public static final int FAILURE = 1;
    /** Unknown command or option, missing or invalid argument. */
    public static final int USAGE = 2;
    /** Not logged in, or the token was rejected and could not be renewed. */
    public static final int NOT_LOGGED_IN = 3;

    public static final int NOT_FOUND = 4;
    /** No answer from the server: connection refused, timeout, unknown host. */
    public static final int UNREACHABLE = 5;

    private ExitCode() {}

    public static int of(ApiFailure.Kind kind) {
        return switch (kind) {
            case REFUSED -> FAILURE;
            case NOT_LOGGED_IN -> NOT_LOGGED_IN;
            case NOT_FOUND -> NOT_FOUND;
            case UNREACHABLE -> UNREACHABLE;
        };
    }
}
