package dev.parley.cli.credentials;

/**
 * The credentials file cannot be used: unreadable, not ours to trust (readable by others), or not
 * writable. The message says which file and what to do.
 */
public final class CredentialsException extends RuntimeException {

    CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
