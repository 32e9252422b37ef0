package dev.parley.server.search;

import dev.parley.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of results ends: the id of the last message it passed, below which the next page
 * continues (results are newest first). Opaque to clients (base64url), so its form may change, to
 * another order for one.
 */
record SearchCursor(long lastId) {

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Long.toString(lastId).getBytes(StandardCharsets.US_ASCII));
    }

    static SearchCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (plain.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long id = Long.parseLong(plain);
                if (id > 0) {
                    return new SearchCursor(id);
                }
            }
        } catch (RuntimeException e) {
            // Falls through to the 422 below.
        }
        throw new ApiException.Invalid("cursor", "is not a cursor this server issued");
    }
}
