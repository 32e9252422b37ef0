package dev.parley.cli.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a successful answer as the record the API promises, the counterpart of {@link ErrorAnswer}:
 * only a JSON body, and only up to {@link #MAX_ANSWER_BYTES}, as whatever answered may not be
 * Parley. An answer that is not Parley's is an {@link ApiFailure} saying why, never a stack trace
 * from the JSON parser or a client out of memory.
 */
final class JsonAnswer {

    /** The largest answer read: a page of history is at most ~100 KB; anything near this is not Parley. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private JsonAnswer() {}

    /**
     * The body of the 2xx answer {@code response} of {@code server} as {@code type}; thrown as
     * {@link ErrorAnswer#unreadable} when it is not JSON, too large, or not a {@code type}. A
     * connection that breaks while the body is read is the {@link IOException}, for the caller to
     * report as it reports any call that got no answer.
     */
    static <T> T read(ServerUrl server, Response response, Class<T> type) throws IOException {
        String contentType = response.header("Content-Type", "");
        if (!contentType.startsWith("application/json")) {
            throw ErrorAnswer.unreadable(
                    server,
                    response,
                    new IOException(
                            "expected application/json, got " + (contentType.isEmpty() ? "nothing" : contentType)));
        }
        // Read with a bound: a server that never ends its answer must not fill the client's memory.
        byte[] body = response.body().byteStream().readNBytes(MAX_ANSWER_BYTES + 1);
        if (body.length > MAX_ANSWER_BYTES) {
            throw ErrorAnswer.unreadable(
                    server,
                    response,
                    new IOException("the answer is larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB"));
        }
        try {
            return Json.mapper().readValue(body, type);
        } catch (JacksonException e) {
            throw ErrorAnswer.unreadable(server, response, e);
        }
    }
}
