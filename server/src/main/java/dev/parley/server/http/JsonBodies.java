package dev.parley.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.parley.api.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reads request bodies into API records and writes records as JSON, with the failures the OpenAPI document names:
 * 415 for a body that is not JSON, 413 past the size limit, 400 for JSON that does not parse, 422
 * for JSON of the wrong shape (a number where text belongs, say).
 */
public final class JsonBodies {

    /** Bytes read from a body at a time, and room taken for them. */
    private static final int CHUNK = 8192;
    /** How long a body waits for room among those being read before the request gets 503. */
    private static final Duration WAIT_FOR_ROOM = Duration.ofSeconds(5);

    private final long maxBytes;
    /**
     * Room for the bodies being read at once, in bytes received. A body is read whole before it is
     * parsed, and a client may take the body timeout to send it: without this bound, clients
     * trickling large bodies on every allowed connection could hold 2,000 × 64 KiB of heap.
     */
    private final Semaphore inFlight;

    public JsonBodies(long maxBytes, long maxBytesInFlight) {
        this.maxBytes = maxBytes;
        // At least the largest body (and the chunk that finds it too large) must fit, or it would wait
        // for room that can never be there.
        this.inFlight = new Semaphore((int) Math.min(Integer.MAX_VALUE, Math.max(maxBytesInFlight, maxBytes + CHUNK)));
    }

    /** The body as {@code type}; never null. */
    public <T> T read(ServerRequest req, Class<T> type) {
        requireJson(req);
        byte[] body = readBytes(req);
        if (body.length == 0) {
            throw new ApiException.BadRequest("the request needs a JSON body");
        }
        T value = parse(body, type);
        if (value == null) {
            throw new ApiException.Invalid("body", "must be a JSON object");
        }
        return value;
    }

    /** Whether the request declares a JSON body ({@code application/json} or any {@code +json} type). */
    private static boolean isJson(ServerRequest req) {
        return contentType(req).map(JsonBodies::isJsonType).orElse(false);
    }

    /**
     * The media type the request declares, in lower case: type, subtype and parameter names are
     * case-insensitive (RFC 9110 §8.3.1) and Helidon compares them as written. Empty when the request
     * declares none or one that cannot be read: Helidon's parser throws on some malformed values
     * ({@code application/json; charset="}), which are the client's mistake, not the server's.
     */
    public static Optional<HttpMediaType> contentType(ServerRequest req) {
        try {
            return req.headers()
                    .first(HeaderNames.CONTENT_TYPE)
                    .map(value -> HttpMediaType.create(value.toLowerCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Sends {@code body} as {@code application/json} with {@code status}. */
    public static void write(ServerResponse res, Status status, Object body) {
        writeJson(res, status, Json.bytes(body));
    }

    /**
     * Sends {@code body} as {@code 201 Created} with {@code Location: location}, the path of what was
     * created (RFC 9110 §15.3.2), relative to the server.
     */
    public static void created(ServerResponse res, String location, Object body) {
        res.header(HeaderNames.LOCATION, location);
        write(res, Status.CREATED_201, body);
    }

    /** Sends JSON that was serialized before (a cached page). */
    public static void writeJson(ServerResponse res, Status status, byte[] json) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(json);
    }

    /**
     * The raw body, at most the configured limit; for the few endpoints that also read forms. Room is
     * taken as the bytes arrive, not as declared: a client that declares a large body and sends
     * nothing holds none of it, so such clients cannot keep everyone else's bodies out.
     */
    public byte[] readBytes(ServerRequest req) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxBytes) {
            throw tooLarge();
        }
        // A declared body's own size, plus a byte to read its end with: a post of a few dozen bytes
        // need not make 16 KiB of garbage.
        int buffer = declared.map(length -> (int) Math.min(CHUNK, length + 1)).orElse(CHUNK);
        ByteArrayOutputStream body = new ByteArrayOutputStream(buffer);
        byte[] chunk = new byte[buffer];
        int held = 0;
        try (InputStream in = req.content().inputStream()) {
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                takeRoom(read);
                held += read;
                if (held > maxBytes) {
                    throw tooLarge();
                }
                body.write(chunk, 0, read);
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException | RequestException e) {
            // Helidon's chunked decoding fails on a chunk extension (2;a=b) or a size past 2^31 with a
            // NumberFormatException: the client's mistake. The rest of its body cannot be told from a
            // next request, so the answer closes the connection.
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .message("the body's chunked framing is invalid (chunk extensions are not accepted)")
                    .request(DirectTransportRequest.create(req.prologue(), req.headers()))
                    .setKeepAlive(false)
                    .build();
        } finally {
            inFlight.release(held);
        }
    }

    private void takeRoom(int bytes) {
        try {
            if (!inFlight.tryAcquire(bytes, WAIT_FOR_ROOM.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiException.ServiceUnavailable(
                        "the server is reading too many request bodies at once", Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("the server is stopping", Duration.ofSeconds(1));
        }
    }

    private ApiException.PayloadTooLarge tooLarge() {
        return new ApiException.PayloadTooLarge("the request body is larger than " + maxBytes + " bytes");
    }

    private static void requireJson(ServerRequest req) {
        if (!isJson(req)) {
            String actual = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("none");
            throw new ApiException.UnsupportedMediaType("the body must be application/json, not " + actual);
        }
    }

    private static boolean isJsonType(io.helidon.common.media.type.MediaType type) {
        return type.type().equals("application")
                && (type.subtype().equals("json") || type.subtype().endsWith("+json"));
    }

    /**
     * The body as {@code type}: 400 when it is not well-formed JSON, 422 naming the field when it is
     * but a value does not fit. Jackson reports some syntax errors as mapping errors of the field it
     * was reading (an unterminated string), so a mapping error is a 422 only for a body that parses.
     */
    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (MismatchedInputException e) {
            throw invalidUnlessMalformed(body, new ApiException.Invalid(fieldOf(e), "has the wrong type or shape"));
        } catch (StreamConstraintsException e) {
            throw new ApiException.BadRequest("the JSON body is nested too deeply or too large");
        } catch (JsonMappingException e) {
            // A value over Json's bounds, met while a field was being mapped, is that field's fault.
            throw invalidUnlessMalformed(
                    body,
                    new ApiException.Invalid(
                            fieldOf(e),
                            e.getCause() instanceof StreamConstraintsException
                                    ? "is longer than the server reads"
                                    : "is not acceptable"));
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static ApiException invalidUnlessMalformed(byte[] body, ApiException.Invalid invalid) {
        return isWellFormed(body) ? invalid : malformed();
    }

    private static ApiException.BadRequest malformed() {
        return new ApiException.BadRequest("the body is not valid JSON");
    }

    /** Whether {@code body} is JSON by its syntax alone; a value past Json's bounds does not make it malformed. */
    private static boolean isWellFormed(byte[] body) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            while (parser.nextToken() != null) {
                // Reading every token is the check.
            }
            return true;
        } catch (StreamConstraintsException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }
}
