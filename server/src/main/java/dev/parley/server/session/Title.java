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
        return new Title(Texts.requireStorable("title", title, MAX_LENGTH, false));
    }
}
