package dev.parley.server.account;

import dev.parley.server.http.ApiException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A syntactically valid email address as entered (trimmed), and its {@link #key()}: the address
 * folded to lower case, under which it is unique and looked up.
 */
record EmailAddress(String value) {

    /** RFC 5321's limit on a forward path. */
    static final int MAX_LENGTH = 254;

    /** The WHATWG HTML "valid e-mail address" syntax: what browsers accept in type=email fields. */
    private static final Pattern SYNTAX =
            Pattern.compile("[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                    + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");

    static EmailAddress parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiException.Invalid("email", "is required");
        }
        String email = raw.strip();
        if (email.length() > MAX_LENGTH) {
            throw new ApiException.Invalid("email", "must be at most " + MAX_LENGTH + " characters");
        }
        if (!SYNTAX.matcher(email).matches()) {
            throw new ApiException.Invalid("email", "is not a valid email address");
        }
        return new EmailAddress(email);
    }

    String key() {
        return keyOf(value);
    }

    /** The look-up key of whatever a client typed, valid or not. */
    static String keyOf(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }
}
