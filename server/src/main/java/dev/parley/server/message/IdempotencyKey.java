package dev.parley.server.message;

import dev.parley.api.Wire;
import dev.parley.server.http.ApiException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/**
 * The client's {@code Idempotency-Key} for a send: 1 to 255 visible ASCII characters. A retry
 * carrying the same key (same user, same session) gets the first message back instead of a copy.
 */
record IdempotencyKey(String value) {

    static final HeaderName HEADER = HeaderNames.create(Wire.IDEMPOTENCY_KEY);
    static final int MAX_LENGTH = 255;

    static IdempotencyKey parse(String raw) {
        boolean visibleAscii = raw.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
        if (raw.isEmpty() || raw.length() > MAX_LENGTH || !visibleAscii) {
            throw new ApiException.Invalid(
                    Wire.IDEMPOTENCY_KEY, "must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return new IdempotencyKey(raw);
    }
}
