package dev.parley.server.account;

import dev.parley.server.http.ApiException;
import dev.parley.server.http.Texts;
import java.nio.charset.StandardCharsets;

/** A password acceptable for a new account; its text never appears in {@link #toString()}. */
record Password(String text) {

    static final int MIN_CHARACTERS = 8;
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    static final int MAX_UTF8_BYTES = 72;

    static Password parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new ApiException.Invalid("password", "is required");
        }
        Texts.requireWellFormed("password", raw);
        if (Texts.length(raw) < MIN_CHARACTERS) {
            throw new ApiException.Invalid("password", "must be at least " + MIN_CHARACTERS + " characters");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            throw new ApiException.Invalid(
                    "password", "must be at most " + MAX_UTF8_BYTES + " bytes in UTF-8 (the limit of bcrypt)");
        }
        return new Password(raw);
    }

    @Override
    public String toString() {
        return "Password[***]";
    }
}
