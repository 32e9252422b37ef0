package dev.parley.server.session;

import dev.parley.server.http.ApiException;
import dev.parley.server.http.Texts;

/** A valid session title: trimmed, not blank, at most 200 characters, no control characters. */
record Title(String value) {

    static final int MAX_LENGTH = 200;
    static final Title DEFAULT = new Title("Untitled");

    static Title parse(String raw) {
        if (raw == null) {
            throw new ApiException.Invalid("title", "is required");
        }
        String title = raw.strip();
        if (title.isEmpty()) {
            throw new ApiException.Invalid("title", "must not be blank");
        }
        Texts.requireWellFormed("title", title);
        if (Texts.length(title) > MAX_LENGTH) {
            throw new ApiException.Invalid("title", "must be at most " + MAX_LENGTH + " characters");
        }
        if (Texts.hasControlCharacters(title, false)) {
            throw new ApiException.Invalid("title", "must not contain control characters");
        }
        return new Title(title);
    }
}
