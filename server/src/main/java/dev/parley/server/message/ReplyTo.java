package dev.parley.server.message;

import dev.parley.server.http.ApiException;
import java.util.Optional;

/** The message a new one answers, as the client named it: an id; whether it is one of the session's, the post checks. */
record ReplyTo(long messageId) {

    static final String FIELD = "reply_to";

    /** Empty for a message that answers none. */
    static Optional<ReplyTo> parse(Long raw) {
        if (raw == null) {
            return Optional.empty();
        }
        if (raw <= 0) {
            throw new ApiException.Invalid(FIELD, "must be the id of a message of this session");
        }
        return Optional.of(new ReplyTo(raw));
    }
}
