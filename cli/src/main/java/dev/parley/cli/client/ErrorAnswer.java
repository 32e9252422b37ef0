package dev.parley.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.OAuthError;
import dev.parley.api.Problem;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import okhttp3.Response;

/**
 * Turns what went wrong into an {@link ApiFailure}: an error answer (problem+json, or the OAuth
 * error of {@code POST /token}) into a line built from its title and detail, and a call that got
 * no answer into an {@link ApiFailure.Kind#UNREACHABLE} one.
 */
final class ErrorAnswer {

    /** An error body is a few hundred bytes; anything longer is not one of ours. */
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private ErrorAnswer() {}

    /** The failure an error answer means; {@code tokens} are those the request was made with. */
    static ApiFailure of(ServerUrl server, Response response, TokenStore tokens) {
        int status = response.code();
        String reason = reason(response);
        return switch (status) {
            case 401 ->
                ApiFailure.notLoggedIn(
                        server,
                        response.request().header("Authorization") == null
                                ? "no login stored for this server"
                                : "the server rejected the token: " + reason,
                        tokens);
            case 404 -> new ApiFailure(ApiFailure.Kind.NOT_FOUND, status, reason, (Duration) null);
            default -> new ApiFailure(ApiFailure.Kind.REFUSED, status, reason, retryAfter(response));
        };
    }

    /** {@code Retry-After} in seconds (what the server sends with 429 and 503); null without one. */
    private static Duration retryAfter(Response response) {
        String header = response.header("Retry-After");
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null; // an HTTP date: Parley's server does not send one
        }
    }

    static ApiFailure unreachable(ServerUrl server, IOException e) {
        String why = switch (e) {
            case ConnectException c -> "connection refused";
            case NoRouteToHostException n -> "no route to host";
            case UnknownHostException u -> "unknown host " + server.base().host();
            case InterruptedIOException i -> "no answer in time";
            case SSLException s -> "TLS failed: " + s.getMessage();
            case EOFException eof -> "the connection closed before the answer was complete";
            case SocketException s ->
                "the connection failed" + (s.getMessage() == null ? "" : " (" + s.getMessage() + ")");
            // Never a class name: the user is told what happened, --verbose shows the exception.
            default -> "the connection failed" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        };
        return new ApiFailure(ApiFailure.Kind.UNREACHABLE, 0, "cannot reach " + server + ": " + why, e);
    }

    /** A successful answer whose body is not what the API promises: a proxy's page, another service. */
    static ApiFailure unreadable(ServerUrl server, Response response, Exception e) {
        return new ApiFailure(
                ApiFailure.Kind.REFUSED,
                response.code(),
                "the answer of " + server
                        + " to " + response.request().method() + " "
                        + response.request().url().encodedPath()
                        + " is not Parley's: " + e.getMessage(),
                e);
    }

    private static String reason(Response response) {
        JsonNode body = jsonBody(response);
        try {
            if (body != null && body.hasNonNull("error")) {
                OAuthError error = Json.mapper().convertValue(body, OAuthError.class);
                return error.errorDescription() != null ? error.errorDescription() : error.error();
            }
            if (body != null && (body.hasNonNull("title") || body.hasNonNull("detail"))) {
                return describe(Json.mapper().convertValue(body, Problem.class));
            }
        } catch (IllegalArgumentException e) {
            // Fields of the wrong type: not an error body we know; the status line says enough.
        }
        String phrase = response.message().isBlank() ? "" : " " + response.message();
        return "HTTP " + response.code() + phrase;
    }

    /** {@code title: detail}, or with every invalid field listed when there are several. */
    private static String describe(Problem problem) {
        String detail = problem.errors() != null && !problem.errors().isEmpty()
                ? problem.errors().stream()
                        .map(error -> error.field() + ": " + error.message())
                        .collect(Collectors.joining("; "))
                : problem.detail();
        if (problem.title() == null || problem.title().isBlank()) {
            return detail;
        }
        return detail == null || detail.isBlank() || detail.equals(problem.title())
                ? problem.title()
                : problem.title() + ": " + detail;
    }

    private static JsonNode jsonBody(Response response) {
        String type = response.header("Content-Type", "");
        if (!type.contains("json")) {
            return null;
        }
        try {
            JsonNode node =
                    Json.mapper().readTree(response.peekBody(MAX_BODY_BYTES).string());
            return node != null && node.isObject() ? node : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
