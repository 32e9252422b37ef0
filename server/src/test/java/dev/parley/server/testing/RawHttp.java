package dev.parley.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a bare socket, one request per connection: sends exactly the bytes a test gives, with
 * no client of its own refusing, encoding or repairing anything (invalid UTF-8 in the path, control
 * characters in a header, any method), and reads back whatever the server answers. An event stream's
 * body never ends: its head is read, and the connection closed.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** A request as bytes on the wire; {@code Host}, {@code Connection: close} and {@code Content-Length} are added. */
    public record Request(byte[] method, byte[] target, List<Header> headers, byte[] body) {

        public static Request of(String method, String target) {
            return new Request(ascii(method), ascii(target), List.of(), new byte[0]);
        }

        public Request withTarget(byte[] newTarget) {
            return new Request(method, newTarget, headers, body);
        }

        public Request withHeader(String name, byte[] value) {
            List<Header> more = new ArrayList<>(headers);
            more.add(new Header(ascii(name), value));
            return new Request(method, target, List.copyOf(more), body);
        }

        public Request withHeader(String name, String value) {
            return withHeader(name, value.getBytes(StandardCharsets.UTF_8));
        }

        public Request withBody(String contentType, byte[] content) {
            return withHeader("Content-Type", contentType).withBody(content);
        }

        public Request withBody(byte[] content) {
            return new Request(method, target, headers, content);
        }

        public boolean isHead() {
            return Arrays.equals(method, ascii("HEAD"));
        }

        /** Readable in a failure message: non-printable bytes escaped, long bodies cut. */
        @Override
        public String toString() {
            StringBuilder text =
                    new StringBuilder(printable(method, 40)).append(' ').append(printable(target, 300));
            headers.forEach(h -> text.append(" | ")
                    .append(printable(h.name(), 40))
                    .append(": ")
                    .append(printable(h.value(), 300)));
            return text.append(" | body (")
                    .append(body.length)
                    .append(" bytes): ")
                    .append(printable(body, 300))
                    .toString();
        }
    }

    public record Header(byte[] name, byte[] value) {}

    /** The answer: status, headers (names in lower case, first value of each) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + printable(body, 500);
        }
    }

    /**
     * Sends {@code request} on a fresh connection, then ends the request stream, and returns the one
     * answer; fails if there is none, or more than one (the server read part of the request as another).
     */
    public Response exchange(Request request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            // Written beside the read: a server that answers before reading all of a refused request
            // (413, 414) must not leave this test stuck writing into a full socket buffer.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head(request));
                    out.write(request.body());
                    out.flush();
                    // No Connection: close: Helidon 4.5.0 answers it but keeps the socket open and reads
                    // on (helidon-io/helidon#12324). The end of the request stream ends the connection.
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // The server closed the connection early; its answer is what counts.
                }
            });
            byte[] answer = readAnswer(socket.getInputStream());
            writer.join();
            return parse(answer, request);
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every byte of the answer, or an event stream's bytes up to the end of its head. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            answer.write(buffer, 0, read);
            byte[] sofar = answer.toByteArray();
            int end = indexOf(sofar, 0, HEAD_END);
            if (end >= 0 && isEventStream(new String(sofar, 0, end, StandardCharsets.ISO_8859_1))) {
                return sofar;
            }
        }
        return answer.toByteArray();
    }

    private static boolean isEventStream(String head) {
        return head.toLowerCase(Locale.ROOT).contains("\r\ncontent-type: text/event-stream");
    }

    private byte[] head(Request request) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(request.method());
        head.write(' ');
        head.writeBytes(request.target());
        head.writeBytes(ascii(" HTTP/1.1"));
        head.writeBytes(CRLF);
        head.writeBytes(ascii("Host: 127.0.0.1:" + port));
        head.writeBytes(CRLF);
        head.writeBytes(ascii("Content-Length: " + request.body().length));
        head.writeBytes(CRLF);
        for (Header header : request.headers()) {
            head.writeBytes(header.name());
            head.writeBytes(ascii(": "));
            head.writeBytes(header.value());
            head.writeBytes(CRLF);
        }
        head.writeBytes(CRLF);
        return head.toByteArray();
    }

    private static Response parse(byte[] answer, Request request) {
        int start = 0;
        int end = indexOf(answer, start, HEAD_END);
        // Interim answers (100 Continue) come before the real one.
        while (end >= 0 && answer.length > start + 9 && answer[start + 9] == '1') {
            start = end + HEAD_END.length;
            end = indexOf(answer, start, HEAD_END);
        }
        if (end < 0) {
            throw new AssertionError(
                    "no complete answer (" + answer.length + " bytes: " + printable(answer, 300) + ") to " + request);
        }
        String[] lines = new String(answer, start, end - start, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] rest = Arrays.copyOfRange(answer, end + HEAD_END.length, answer.length);
        byte[] body;
        if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(rest);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            if (rest.length != length && !request.isHead()) {
                throw new AssertionError("one request, but " + rest.length + " bytes after the head of an answer of "
                        + length + " (" + printable(rest, 300) + ") to " + request);
            }
            body = request.isHead() ? new byte[0] : rest;
        } else {
            body = rest;
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, at, CRLF);
            int size = Integer.parseInt(
                    new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String printable(byte[] bytes, int limit) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, limit); i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > limit ? text.append("…").toString() : text.toString();
    }
}
