package dev.parley.server.message;

import dev.parley.server.http.ApiException;
import dev.parley.server.http.Texts;

/** A valid message text: not blank, at most 4000 characters, no control characters but line breaks and tabs. */
record MessageText(String value) {

    static final int MAX_LENGTH = 4000;

    /** Stored exactly as sent: leading spaces and blank lines can be part of what someone wrote. */
    static MessageText parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiException.Invalid("text", "must not be empty or blank");
        }
        return new MessageText(Texts.requireStorable("text", raw, MAX_LENGTH, true));
    }
}
