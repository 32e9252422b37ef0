package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.StartedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HEAD answers like GET without the body (RFC 9110 §9.3.2): same status and headers, the length of
 * the body GET would send, and not a byte of it, also when the answer is an error. Checked on a raw
 * connection, where a stray body would be read as the start of the next answer (each exchange ends
 * with a GET for that reason).
 */
class HeadRequestTest {

    @RegisterExtension
    static final StartedServer started = StartedServer.withDefaults();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/users/me",
                "/sessions",
                "/sessions/{session}",
                "/sessions/{session}/messages",
                "/docs",
                "/docs/swagger-initializer.js"
            })
    void headAnswersLikeGetWithoutTheBody(String template) throws IOException {
        String path = template.replace("{session}", Long.toString(started.sessionId()));
        Response get = started.api().get(path).as(started.owner()).send();

        List<RawAnswer> answers = exchange("HEAD " + path, "GET /users/me");

        RawAnswer head = answers.get(0);
        assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
        assertThat(head.headers().get("content-type")).isEqualTo(get.contentType());
        assertThat(head.headers().get("content-length"))
                .isEqualTo(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(answers.get(1).status()).as("the answer after the HEAD's").isEqualTo(200);
        assertThat(answers.get(1).body()).contains(started.owner().email());
    }

    /**
     * HEAD on an event stream answers the stream's status and headers at once, without opening it:
     * no {@code Content-Length} (a stream has no length), not a byte of body, and the checks a GET
     * makes (404 for a session not the caller's).
     */
    @Test
    void headOnAnEventStreamAnswersItsHeadersWithoutOpeningIt() throws IOException {
        List<RawAnswer> answers = exchange(
                "HEAD /sessions/" + started.sessionId() + "/events",
                "HEAD /events",
                "HEAD /sessions/0/events",
                "GET /users/me");

        assertThat(answers).extracting(RawAnswer::status).containsExactly(200, 200, 404, 200);
        for (RawAnswer stream : answers.subList(0, 2)) {
            assertThat(stream.headers().get("content-type")).isEqualTo("text/event-stream");
            assertThat(stream.headers())
                    .containsEntry("cache-control", "no-store")
                    .containsEntry("x-accel-buffering", "no")
                    .doesNotContainKey("content-length");
        }
        assertThat(answers.get(3).body())
                .as("the answer after the HEADs'")
                .contains(started.owner().email());
    }

    @Test
    void anErrorAnswerToHeadHasNoBodyEither() throws IOException {
        List<RawAnswer> answers = exchange("HEAD /sessions/0", "HEAD /nothing-here", "HEAD /token", "GET /users/me");

        assertThat(answers).extracting(RawAnswer::status).containsExactly(404, 404, 405, 200);
        assertThat(answers.get(0).headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(answers.get(0).headers().get("content-length")).isNotEqualTo("0");
        assertThat(answers.get(2).headers().get("allow")).isEqualTo("POST");
    }

    @Test
    void headIsAllowedWhereGetIs() {
        Response response =
                started.api().request("PUT", "/users/me").as(started.owner()).send();

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).hasValue("GET, HEAD");
    }

    /** An answer as read off the wire: the body is read only when the request was not HEAD. */
    private record RawAnswer(int status, Map<String, String> headers, String body) {}

    /** Sends {@code requests} ("METHOD /path") on one connection, pipelined, and reads their answers in turn. */
    private List<RawAnswer> exchange(String... requests) throws IOException {
        StringBuilder wire = new StringBuilder();
        for (String request : requests) {
            wire.append(request)
                    .append(" HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer ")
                    .append(started.owner().accessToken())
                    .append("\r\n\r\n");
        }
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), started.server().port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(wire.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            List<RawAnswer> answers = new ArrayList<>();
            for (String request : requests) {
                answers.add(read(in, request.startsWith("HEAD ")));
            }
            return answers;
        }
    }

    private static RawAnswer read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new RawAnswer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended inside a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
