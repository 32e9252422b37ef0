package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.StreamTicket;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access log is off unless one setting turns it on; then it writes one line per request in the
 * documented format, with neither the token, the password nor the query string.
 */
class AccessLogTest {

    /** The logger Helidon's access log writes to, as logging.properties configures it. */
    private static final String ACCESS_LOG = "io.helidon.webserver.AccessLog";
    /** Common Log Format, then the time taken in microseconds. */
    private static final String LINE = "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
            + "\"%s HTTP/1\\.1\" %d \\d+ \\d+";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Logger accessLog;

    @BeforeEach
    void recordTheAccessLog() {
        accessLog = Logger.getLogger(ACCESS_LOG);
        accessLog.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        accessLog.removeHandler(recorder);
    }

    @Test
    void enabledItLogsOneLinePerRequestWithoutTokensPasswordsOrQueries() {
        Account account;
        try (TestServer server = TestServer.start(Map.of("server.features.access-log.enabled", "true"))) {
            ApiClient api = ApiClient.of(server);
            account = api.newAccount();
            assertThat(api.get("/users/me").as(account).send().status()).isEqualTo(200);
            assertThat(api.get("/sessions?limit=5&token=" + account.accessToken())
                            .as(account)
                            .send()
                            .status())
                    .isEqualTo(200);
        }

        // Stopped, the server has finished every request, and so written every line.
        assertThat(logged).hasSize(4);
        assertThat(logged)
                .anyMatch(line -> line.matches(LINE.formatted("POST /users", 201)))
                .anyMatch(line -> line.matches(LINE.formatted("POST /token", 200)))
                .anyMatch(line -> line.matches(LINE.formatted("GET /users/me", 200)))
                .anyMatch(line -> line.matches(LINE.formatted("GET /sessions", 200)));
        assertThat(String.join("\n", logged))
                .doesNotContain(account.accessToken())
                .doesNotContain(account.password())
                .doesNotContain(account.refreshToken())
                .doesNotContain(account.email())
                .doesNotContainIgnoringCase("bearer")
                .doesNotContain("?");
    }

    /** A stream ticket travels in the URL (EventSource sends no headers): it must not reach the log. */
    @Test
    void aStreamTicketInTheUrlIsNotLogged() {
        String ticket;
        try (TestServer server = TestServer.start(Map.of("server.features.access-log.enabled", "true"))) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            ticket = api.post("/events/tickets")
                    .as(account)
                    .send()
                    .as(StreamTicket.class)
                    .ticket();
            try (EventStreamRecorder stream =
                    EventStreamRecorder.open(server, "/events?ticket=" + ticket, null, Map.of())) {
                assertThat(stream.status()).isEqualTo(200);
            }
            try (EventStreamRecorder again =
                    EventStreamRecorder.open(server, "/events?ticket=" + ticket, null, Map.of())) {
                assertThat(again.status()).isEqualTo(401);
            }
        }

        assertThat(logged)
                .anyMatch(line -> line.matches(LINE.formatted("POST /events/tickets", 200)))
                .anyMatch(line -> line.matches(LINE.formatted("GET /events", 200)))
                .anyMatch(line -> line.matches(LINE.formatted("GET /events", 401)));
        assertThat(String.join("\n", logged)).doesNotContain(ticket).doesNotContain("?");
    }

    @Test
    void itIsOffByDefault() {
        try (TestServer server = TestServer.start()) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            assertThat(api.get("/users/me").as(account).send().status()).isEqualTo(200);
        }

        assertThat(logged).isEmpty();
    }
}
