package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunked body whose framing the server cannot read (a chunk extension, a size past 2^31) gets one
 * 400 in problem+json and the connection closes: no 500, no second answer made of the rest of the
 * body, no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedFramingTest {

    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3}) ");

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2;foo=bar", "fffffffffff"})
    void aChunkSizeTheServerCannotReadGetsOne400AndTheConnectionCloses(String chunkSize) throws IOException {
        String everything;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("POST /users HTTP/1.1\r\nHost: parley\r\nContent-Type: application/json\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n" + chunkSize + "\r\n{}\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Until the server closes the connection: a second answer would come before that.
            everything = new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
        }

        Matcher statuses = STATUS_LINE.matcher(everything);
        assertThat(statuses.find()).as(everything).isTrue();
        assertThat(statuses.group(1)).isEqualTo("400");
        assertThat(statuses.find()).as("a second answer in:\n" + everything).isFalse();
        assertThat(everything)
                .contains("Content-Type: application/problem+json")
                .contains("Connection: close");
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
