package dev.parley.server.http;

import dev.parley.api.Problem.FieldError;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A failure a client caused or may see, with its HTTP status; {@link ErrorMapping} renders each as
 * problem+json. The detail is shown to the client: it must never contain a password or a token.
 */
public abstract sealed class ApiException extends RuntimeException {

    private final transient Status status;

    private ApiException(Status status, String detail) {
        // No stack trace: these are answers, not bugs, and some are thrown at high request rates.
        super(detail, null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    /** 400: the request cannot be read at all (malformed JSON, a missing body). */
    public static final class BadRequest extends ApiException {
        public BadRequest(String detail) {
            super(Status.BAD_REQUEST_400, detail);
        }
    }

    /**
     * 401: no valid bearer token; answered with {@code WWW-Authenticate: Bearer}, and
     * {@code error="invalid_token"} when a bearer token was presented but refused (RFC 6750 §3.1).
     */
    public static final class Unauthorized extends ApiException {
        private final boolean invalidToken;

        /** No bearer token came (or a credential of another scheme): a bare challenge. */
        public Unauthorized(String detail) {
            this(detail, false);
        }

        public Unauthorized(String detail, boolean invalidToken) {
            super(Status.UNAUTHORIZED_401, detail);
            this.invalidToken = invalidToken;
        }

        /** The {@code WWW-Authenticate} challenge of this refusal. */
        public String challenge() {
            return invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        }
    }

    /** 403: the caller sees the resource but may not do this to it. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String detail) {
            super(Status.FORBIDDEN_403, detail);
        }
    }

    /** 404: absent, or not visible to the caller (the two are never told apart). */
    public static final class NotFound extends ApiException {
        public NotFound(String detail) {
            super(Status.NOT_FOUND_404, detail);
        }
    }

    /** 405 with the methods the path does allow. */
    public static final class MethodNotAllowed extends ApiException {
        private final transient Set<Method> allowed;

        public MethodNotAllowed(Method method, Set<Method> allowed) {
            super(Status.METHOD_NOT_ALLOWED_405, method.text() + " is not allowed here");
            this.allowed = Set.copyOf(allowed);
        }

        public Set<Method> allowed() {
            return allowed;
        }
    }

    /** 409: the request contradicts what is stored (an email already taken). */
    public static final class Conflict extends ApiException {
        public Conflict(String detail) {
            super(Status.CONFLICT_409, detail);
        }
    }

    /** 412: an {@code If-Match} condition is false (RFC 9110 §13.1.1): the request was not performed. */
    public static final class PreconditionFailed extends ApiException {
        public PreconditionFailed(String detail) {
            super(Status.PRECONDITION_FAILED_412, detail);
        }
    }

    /** 413: the body is larger than the configured limit. */
    public static final class PayloadTooLarge extends ApiException {
        /** RFC 9110 §15.5.14's name; Helidon's is RFC 2616's "Request Entity Too Large". */
        static final Status CONTENT_TOO_LARGE_413 = Status.create(413, "Content Too Large");

        public PayloadTooLarge(String detail) {
            super(CONTENT_TOO_LARGE_413, detail);
        }
    }

    /** 431: the request's header section is larger than the configured limit. */
    public static final class HeaderFieldsTooLarge extends ApiException {
        /** RFC 6585; Helidon names no such status. */
        static final Status REQUEST_HEADER_FIELDS_TOO_LARGE_431 = Status.create(431, "Request Header Fields Too Large");

        public HeaderFieldsTooLarge(String detail) {
            super(REQUEST_HEADER_FIELDS_TOO_LARGE_431, detail);
        }
    }

    /** 415: the body is not of a media type this endpoint reads. */
    public static final class UnsupportedMediaType extends ApiException {
        public UnsupportedMediaType(String detail) {
            super(Status.UNSUPPORTED_MEDIA_TYPE_415, detail);
        }
    }

    /** 422: the request is well-formed but some fields are not acceptable. */
    public static final class Invalid extends ApiException {
        private final transient List<FieldError> errors;

        public Invalid(String field, String message) {
            this(List.of(new FieldError(field, message)));
        }

        public Invalid(List<FieldError> errors) {
            super(
                    Status.UNPROCESSABLE_CONTENT_422,
                    errors.getFirst().field() + ": " + errors.getFirst().message());
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** A refusal that passes with time: the answer says when to try again ({@code Retry-After}). */
    public abstract static sealed class RetryLater extends ApiException {
        private final transient Duration retryAfter;

        private RetryLater(Status status, String detail, Duration retryAfter) {
            super(status, detail);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 503 with {@code Retry-After}: the server is at a capacity limit, whoever asks. */
    public static final class ServiceUnavailable extends RetryLater {
        public ServiceUnavailable(String detail, Duration retryAfter) {
            super(Status.SERVICE_UNAVAILABLE_503, detail, retryAfter);
        }
    }

    /** 429 with {@code Retry-After}. */
    public static final class TooManyRequests extends RetryLater {
        public TooManyRequests(String detail, Duration retryAfter) {
            super(Status.TOO_MANY_REQUESTS_429, detail, retryAfter);
        }
    }
}
