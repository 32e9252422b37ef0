package dev.parley.server.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * Another origin: a plain web server on its own port that serves the test's page and script
 * (src/test/resources/browser), as a web application's own server would. Its pages call Parley
 * cross-origin.
 */
final class PageServer implements AutoCloseable {

    private static final Map<String, String> FILES = Map.of(
            "/follow.html", "text/html; charset=utf-8",
            "/follow.js", "text/javascript; charset=utf-8");

    private final HttpServer server;

    private PageServer(HttpServer server) {
        this.server = server;
    }

    static PageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", PageServer::serve);
            server.start();
            return new PageServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the origin to allow in Parley's CORS settings. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI page(String name) {
        return URI.create(origin() + "/" + name);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String type = FILES.get(path);
        try (exchange;
                InputStream in = type == null ? null : PageServer.class.getResourceAsStream("/browser" + path)) {
            if (in == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
