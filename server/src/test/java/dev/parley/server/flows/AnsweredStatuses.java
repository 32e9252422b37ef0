package dev.parley.server.flows;

import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the probes of {@link DocumentedStatusFlows} and keeps, per operation id, each status it
 * answered and the media type of that answer. Safe for probes sent at once.
 */
final class AnsweredStatuses {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final Map<String, Map<Integer, String>> answered = new ConcurrentHashMap<>();

    /** Each status {@code operationId} answered, with the media type of that answer. */
    Map<Integer, String> of(String operationId) {
        return answered.getOrDefault(operationId, Map.of());
    }

    /** Every status answered, by any operation. */
    Set<Integer> all() {
        Set<Integer> seen = new TreeSet<>();
        answered.values().forEach(statuses -> seen.addAll(statuses.keySet()));
        return seen;
    }

    /** Sends one request, records the status and media type of its answer, and returns the status. */
    int send(
            TestServer server,
            DocumentedOperation operation,
            String path,
            String token,
            Map<String, String> headers,
            ProbeBody body) {
        try {
            HttpResponse<InputStream> response = exchange(server, operation, path, token, headers, body);
            response.body().close();
            return record(operation, response);
        } catch (IOException e) {
            throw new UncheckedIOException(operation.id() + " " + path, e);
        }
    }

    /** Records the status of an answer whose body the caller reads or closes itself (an event stream's). */
    int record(DocumentedOperation operation, HttpResponse<InputStream> response) {
        String mediaType = response.headers()
                .firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip())
                .orElse("");
        answered.computeIfAbsent(operation.id(), id -> new ConcurrentHashMap<>())
                .putIfAbsent(response.statusCode(), mediaType);
        return response.statusCode();
    }

    /** Sends one request and returns its answer unread and unrecorded. */
    static HttpResponse<InputStream> exchange(
            TestServer server,
            DocumentedOperation operation,
            String path,
            String token,
            Map<String, String> headers,
            ProbeBody body)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        operation.method(),
                        body == ProbeBody.NONE || !operation.takesBody()
                                ? BodyPublishers.noBody()
                                : BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8));
        if (operation.takesBody() && body != ProbeBody.NONE) {
            request.header("Content-Type", body.contentType());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
