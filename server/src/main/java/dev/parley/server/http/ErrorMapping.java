package dev.parley.server.http;

import dev.parley.api.Json;
import dev.parley.api.OAuthError;
import dev.parley.api.Problem;
import dev.parley.api.Problem.FieldError;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that turns failures into responses: {@link ApiException}s into RFC 9457 problem+json,
 * {@link OAuthFailure}s into RFC 6749 errors, anything unexpected into a 500 that reveals nothing, and
 * the webserver's own rejections (bad request line, oversized body) into problem+json as well.
 * Handlers here never throw.
 */
public final class ErrorMapping {

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());
    private static final String PROBLEM_JSON = Problem.MEDIA_TYPE;
    private static final MediaType PROBLEM_JSON_TYPE = MediaTypes.create(PROBLEM_JSON);
    /** RFC 9110 §15.5.15's name; Helidon's is RFC 2616's "Request-URI Too Long". */
    static final Status URI_TOO_LONG_414 = Status.create(414, "URI Too Long");

    private ErrorMapping() {}

    /** Registers the error handlers on the routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapping::apiException)
                .error(OAuthFailure.class, ErrorMapping::oauthFailure)
                .error(HttpException.class, ErrorMapping::httpException)
                .error(Exception.class, ErrorMapping::unexpected);
    }

    /** Renders the webserver's own early rejections, which never reach the routing, as problem+json. */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = ErrorMapping::direct;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private static void apiException(ServerRequest req, ServerResponse res, ApiException e) {
        switch (e) {
            case ApiException.Unauthorized u -> res.header(HeaderNames.WWW_AUTHENTICATE, u.challenge());
            case ApiException.MethodNotAllowed m -> res.header(HeaderNames.ALLOW, allowHeader(m.allowed()));
            case ApiException.RetryLater later -> res.header(HeaderNames.RETRY_AFTER, seconds(later.retryAfter()));
            default -> {}
        }
        List<FieldError> errors = e instanceof ApiException.Invalid invalid ? invalid.errors() : null;
        send(req, res, e.status(), e.getMessage(), errors);
    }

    private static void oauthFailure(ServerRequest req, ServerResponse res, OAuthFailure e) {
        e.retryAfter().ifPresent(after -> res.header(HeaderNames.RETRY_AFTER, seconds(after)));
        res.status(e.status());
        res.header(ResponseHeaders.NO_STORE);
        res.header(ResponseHeaders.PRAGMA_NO_CACHE);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        sendBody(req, res, bytes(new OAuthError(e.error(), e.getMessage())));
    }

    /**
     * The webserver's own answers: 404 for a path no route claims, 400 for an unreadable request.
     * Helidon's OpenAPI feature answers an unknown {@code ?format=} with a bare 400; the detail says
     * which formats there are.
     */
    private static void httpException(ServerRequest req, ServerResponse res, HttpException e) {
        String path = req.prologue().uriPath().path();
        String detail;
        if (e.status() == Status.NOT_FOUND_404) {
            detail = "no resource at " + path;
        } else if (e.status() == Status.BAD_REQUEST_400 && path.equals("/openapi")) {
            detail = "format must be JSON or YAML (in any case), or left out: then the Accept header chooses,"
                    + " YAML by default";
        } else {
            detail = e.status().reasonPhrase();
        }
        send(req, res, e.status(), detail, null);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        // The request line only: headers and bodies may carry tokens and passwords.
        LOG.log(
                System.Logger.Level.ERROR,
                "failed: " + req.prologue().method().text() + " "
                        + req.prologue().uriPath().path(),
                e);
        send(req, res, Status.INTERNAL_SERVER_ERROR_500, "the server failed to answer this request", null);
    }

    /** Writes a problem+json response; the single writer of problem bodies. */
    private static void send(
            ServerRequest req, ServerResponse res, Status status, String detail, List<FieldError> errors) {
        if (res.isSent()) {
            return;
        }
        res.status(status);
        res.headers().contentType(PROBLEM_JSON_TYPE);
        sendBody(req, res, bytes(problem(status, detail, errors)));
    }

    /** The answer to a HEAD request has the headers of its body but not the body. */
    private static void sendBody(ServerRequest req, ServerResponse res, byte[] body) {
        if (req.prologue().method().equals(Method.HEAD)) {
            HeadResponse.withoutBody(res, body.length);
        } else {
            res.send(body);
        }
    }

    private static DirectHandler.TransportResponse direct(
            DirectHandler.TransportRequest request,
            DirectHandler.EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        Status named = withCurrentName(status);
        ResponseHeaders.setOn(headers);
        headers.set(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
        return DirectHandler.TransportResponse.builder()
                .status(named)
                .headers(headers)
                .entity(bytes(problem(named, directDetail(named), null)))
                .keepAlive(eventType.keepAlive())
                .build();
    }

    /** The statuses whose reason phrase Helidon takes from RFC 2616, named as RFC 9110 does. */
    private static Status withCurrentName(Status status) {
        return switch (status.code()) {
            case 413 -> ApiException.PayloadTooLarge.CONTENT_TOO_LARGE_413;
            case 414 -> URI_TOO_LONG_414;
            default -> status;
        };
    }

    private static String directDetail(Status status) {
        return switch (status.code()) {
            case 400 -> "the request line or header section is malformed or larger than the server reads";
            case 413 -> "the request body is larger than the server accepts";
            case 414 -> "the request line is longer than the server accepts";
            case 505 -> "this server speaks HTTP/1.1 only: send the request as HTTP/1.1";
            default -> status.reasonPhrase();
        };
    }

    static Problem problem(Status status, String detail, List<FieldError> errors) {
        return new Problem("about:blank", status.reasonPhrase(), status.code(), detail, errors);
    }

    private static byte[] bytes(Object body) {
        try {
            return Json.bytes(body);
        } catch (RuntimeException e) {
            // Our own records always serialize; keep the handler from throwing all the same.
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String allowHeader(Set<Method> allowed) {
        return allowed.stream().map(Method::text).sorted().collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, duration.toSeconds() + (duration.toMillisPart() > 0 ? 1 : 0)));
    }
}
