package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit of a message the watch never had is told as a new message. The real server sends one
 * only to a client cut off inside its replay, a race its own tests force from inside the server
 * (MessageEditFlows); here a stand-in sends the stream such a client gets after resuming.
 */
class ReplayCutTest {

    @TempDir
    Path home;

    private HttpServer standIn;

    @BeforeEach
    void start() throws IOException {
        standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        standIn.createContext("/sessions/1/events", exchange -> {
            String stream = event(12, "message", message(12, "posted after the cut", null))
                    // Message 10 was posted after message 9, where the watch resumed, and edited since.
                    + event(13, "message_edited", message(10, "posted, then edited", "\"2026-12-01T00:00:02Z\""))
                    + event(14, "message_edited", message(5, "older, edited", "\"2026-12-01T00:00:03Z\""))
                    + "event: end\ndata: {\"reason\":\"session_deleted\"}\n\n";
            byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        standIn.start();
    }

    @AfterEach
    void stop() {
        standIn.stop(0);
    }

    @Test
    void anEditOfAMessagePostedSinceTheCursorAndNeverSeenIsANewMessage() {
        Cli cli = Cli.in(home, "http://127.0.0.1:" + standIn.getAddress().getPort())
                .with("PARLEY_TOKEN", "any");

        Result watched = cli.run("watch", "1", "--since", "9", "--json");

        assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(4);
        assertThat(watched.out().lines().toList())
                .hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("{\"event\":\"message\",\"id\":12,"),
                        line -> assertThat(line).startsWith("{\"event\":\"message\",\"id\":10,"),
                        line -> assertThat(line).startsWith("{\"event\":\"message_edited\",\"id\":5,"));
    }

    private static String event(long id, String type, String data) {
        return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }

    private static String message(long id, String text, String editedAt) {
        return "{\"id\":" + id + ",\"session_id\":1,\"user_id\":2,\"user_email\":\"bob@example.com\",\"text\":\"" + text
                + "\",\"created_at\":\"2026-12-01T00:00:00Z\",\"reply_to\":null,\"edited_at\":" + editedAt
                + ",\"deleted_at\":null}";
    }
}
