package dev.parley.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/** Path and query parameters read the same way everywhere, with the API's failures. */
public final class RequestParameters {

    /** Plain decimal digits: "+1" or "1e3" name nothing, even where Long.parseLong would accept them. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private RequestParameters() {}

    /** A path id; one that is not a positive int64 cannot name anything, so it is 404 like an absent one. */
    public static long pathId(ServerRequest req, String name) {
        String text = req.path().pathParameters().get(name);
        if (DIGITS.matcher(text).matches()) {
            try {
                long id = Long.parseLong(text);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // Past Long.MAX_VALUE: falls through to the 404 below.
            }
        }
        throw new ApiException.NotFound(
                "no resource at " + req.prologue().uriPath().path());
    }

    /** An optional non-negative int64 query parameter (a message id cursor); 422 when malformed. */
    public static Optional<Long> queryId(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(text -> {
            try {
                long value = Long.parseLong(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Falls through to the 422 below.
            }
            throw new ApiException.Invalid(name, "must be a non-negative integer id");
        });
    }

    /** The {@code limit} query parameter, {@code fallback} when absent; 422 outside 1..{@code max}. */
    public static int limit(ServerRequest req, int fallback, int max) {
        Optional<String> text = req.query().first("limit").asOptional();
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Falls through to the 422 below.
        }
        throw new ApiException.Invalid("limit", "must be an integer from 1 to " + max);
    }

    /** An optional query parameter as text. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }
}
