package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.MessageStream;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a hostile server, one that answers what no Parley server would (escape
 * sequences in an email, a cursor that never ends, an answer that never ends, no answer at all):
 * it is an attacker, not a stand-in for our server, which refuses such text.
 */
class HostileServerTest {

    private static final String JSON = "application/json";

    @TempDir
    Path home;

    private HttpServer hostile;
    private Cli cli;
    private final AtomicInteger sessionPages = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.start();
        cli = Cli.in(home, "http://127.0.0.1:" + hostile.getAddress().getPort()).with("PARLEY_TOKEN", "any");
    }

    @AfterEach
    void stop() {
        hostile.stop(0);
    }

    @Test
    void whoamiShowsTheEmailWithoutControlOrBidiCharacters() {
        answer("/users/me", "{\"id\":1,\"email\":\"eve\\u009b31m\\u001b]0;pwned\\u0007\\u202e@example.com\"}");

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out())
                .contains("email:        eve 31m ]0;pwned @example.com\n")
                .doesNotContainPattern("[\\p{Cc}&&[^\\n]]")
                .doesNotContain("\u202e");
    }

    @Test
    void sessionTitlesAndErrorLinesAreFilteredToo() {
        answer("/sessions", "{\"sessions\":[" + session(7, "a\\u009d8;;http://evil\\u009c\\u2066title") + "]}");
        refuse("/sessions/8", "{\"title\":\"Forbidden\\u009b2J\",\"detail\":\"no\\u001b[31m\"}");

        Result sessions = cli.run("sessions");
        Result refused = cli.run("sessions", "members", "8");

        assertThat(sessions.out()).contains("a 8;;http://evil title").doesNotContainPattern("[\\p{Cc}&&[^\\n]]");
        assertThat(refused.err()).isEqualTo("parley: Forbidden 2J: no [31m\n");
    }

    @Test
    void searchResultsAreFilteredAndTheirOffsetsCannotMisplaceTheMarks() {
        // A bidi override is dropped, which would move every mark after it, were the snippet filtered whole.
        String message = "{\"id\":340,\"session_id\":1,\"user_id\":2,\"user_email\":\"eve\\u001b[2J@example.com\","
                + "\"text\":\"full\",\"created_at\":\"2026-12-01T00:00:00Z\"}";
        answer(
                "/search",
                "{\"results\":[{\"message\":" + message + ",\"session_id\":1,\"session_title\":\"t\\u009d0;x\","
                        + "\"snippet\":\"a\\u001b[2J\\u202eb drive\\nc\",\"highlights\":[{\"start\":8,\"end\":13},"
                        + "{\"start\":9,\"end\":10},{\"start\":14,\"end\":99}]}]}");

        Result found = cli.run("search", "drive");

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out())
                .startsWith("#1 \"t 0;x\" [")
                .contains("eve [2J@example.com: a [2Jb *drive* c\n")
                .doesNotContainPattern("[\\p{Cc}&&[^\\n]]");
    }

    @Test
    void searchsLineToSeeMoreShowsTheCursorWithoutControlOrBidiCharacters() {
        String message = "{\"id\":340,\"session_id\":1,\"user_id\":2,\"user_email\":\"eve@example.com\","
                + "\"text\":\"drive\",\"created_at\":\"2026-12-01T00:00:00Z\"}";
        answer(
                "/search",
                "{\"results\":[{\"message\":" + message + ",\"session_id\":1,\"session_title\":\"t\","
                        + "\"snippet\":\"drive\",\"highlights\":[]}],"
                        + "\"next_cursor\":\"c\\u001b]0;pwned\\u0007\\u009b2J\\u202e9\"}");

        Result found = cli.run("search", "drive", "--limit", "1");

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.err())
                .isEqualTo("more: parley search 'drive' --limit 1 --cursor c ]0;pwned 2J9\n")
                .doesNotContain("\u202e");
    }

    @Test
    void jsonEscapesWhatATerminalWouldActOnAndLosesNothing() {
        String email = "eve\u009b31m\u009d0;x\u009c\u202eexe.\u2066\u001b[2J\u007f👋é@example.com";
        answer("/users/me", "{\"id\":1,\"email\":\"" + email.replace("\u001b", "\\u001b") + "\"}");

        Result whoami = cli.run("whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out())
                .contains(
                        "\"email\":\"eve\\u009B31m\\u009D0;x\\u009C\\u202Eexe.\\u2066\\u001B[2J\\u007F👋é@example.com\"")
                .doesNotContainPattern("[\\p{Cc}\u202a-\u202e\u2066-\u2069&&[^\\n]]");
        assertThat(whoami.json().get("email").asText()).isEqualTo(email);
    }

    @Test
    void aVerboseStackTraceQuotesTheServerWithoutControlOrBidiCharacters() {
        refuse("/sessions/8", "{\"title\":\"Forbidden\\u009b2J\",\"detail\":\"no\\u001b[31m\\u202e\"}");

        Result refused = cli.run("--verbose", "sessions", "members", "8");

        assertThat(refused.err())
                .startsWith("parley: Forbidden 2J: no [31m\n")
                .contains("ApiFailure: Forbidden 2J: no [31m\n\tat ")
                .doesNotContainPattern("[\\p{Cc}&&[^\\n\\t]]")
                .doesNotContain("\u202e");
    }

    @Test
    void aServerThatRepeatsItsCursorDoesNotKeepTheListingGoing() {
        hostile.createContext("/sessions", exchange -> {
            sessionPages.incrementAndGet();
            send(exchange, 200, JSON, "{\"sessions\":[" + session(1, "again") + "],\"next_cursor\":\"same\"}");
        });

        Result sessions = cli.run("sessions");
        Result unread = cli.run("unread");

        assertThat(sessions.exitCode()).as(sessions.toString()).isZero();
        assertThat(unread.exitCode()).as(unread.toString()).isZero();
        // One page with no cursor, one with "same": then it stops, for each command.
        assertThat(sessionPages.get()).isEqualTo(4);
    }

    @Test
    void anAnswerThatNeverEndsIsCutOff() {
        hostile.createContext("/users/me", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("{\"id\":1,\"email\":\"".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1024; i++) {
                    body.write(chunk);
                }
            } catch (IOException e) {
                // The client hung up, as it should.
            }
        });

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(1);
        assertThat(whoami.err())
                .contains("is not Parley's: the answer is larger than 8 MiB")
                .hasLineCount(1);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerNamesNoJavaClass() {
        hostile.createContext("/users/me", exchange -> exchange.close());

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(5);
        assertThat(whoami.err())
                .startsWith("parley: cannot reach ")
                .doesNotContain("Exception")
                .hasLineCount(1);
    }

    @Test
    void anEventStreamLineThatNeverEndsFailsTheStreamInsteadOfFillingMemory() {
        hostile.createContext("/sessions/1/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("data: ".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 64; i++) {
                    body.write(chunk);
                }
            } catch (IOException e) {
                // The client hung up, as it should.
            }
        });
        ParleyClient client = ParleyClient.create(
                ServerUrl.parse("http://127.0.0.1:" + hostile.getAddress().getPort()),
                TokenStore.fixed("any"),
                Clock.systemUTC());

        ApiFailure failure;
        try (MessageStream stream = client.events(1L, null)) {
            failure = catchThrowableOfType(ApiFailure.class, () -> stream.forEach(message -> {}));
        }

        assertThat(failure.kind()).isEqualTo(ApiFailure.Kind.UNREACHABLE);
        assertThat(failure.getMessage()).contains("an event stream line longer than 1048576 bytes");
    }

    private void answer(String path, String json) {
        hostile.createContext(path, exchange -> send(exchange, 200, JSON, json));
    }

    /** {@code path} answers 403 with {@code problem}, a problem+json document. */
    private void refuse(String path, String problem) {
        hostile.createContext(path, exchange -> send(exchange, 403, "application/problem+json", problem));
    }

    private static String session(long id, String title) {
        return "{\"id\":" + id + ",\"title\":\"" + title + "\",\"user_id\":1,\"created_at\":\"2026-12-01T00:00:00Z\","
                + "\"member_count\":1,\"unread_count\":1}";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
