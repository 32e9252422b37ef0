package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code /observe/metrics} tells about Parley (docs/monitoring.md), read from a real server
 * while requests, streams, log-ins and refusals drive each metric: every family moves, with the
 * labels the documentation promises. Also: the whole exposition passes {@code promtool check
 * metrics}, and every metric the Grafana dashboard queries is served. A subclass per database; each
 * test has a server of its own, so its counters start from zero.
 */
@Timeout(120)
abstract class AbstractMetricsTest {

    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "parley-dashboard.json");
    /** The metrics only a server on PostgreSQL has. */
    static final String POSTGRES_ONLY = "parley_change_feed_";

    private static final String REQUESTS = "parley_http_request_duration_seconds";
    /** The route of a request no route took (http.RequestMetrics). */
    private static final String NO_ROUTE = "none";
    /** Heartbeats often, so that a stream whose client left ends (and is counted) at once. */
    private static final Map<String, String> QUICK_HEARTBEAT = Map.of("parley.events.heartbeat", "PT0.1S");

    /** A server on an empty database of this suite's kind, with {@code settings} overriding the defaults. */
    abstract TestServer start(Map<String, String> settings);

    abstract boolean onPostgres();

    @Test
    void requestsAreTimedByRouteTemplateMethodAndStatusClass() {
        try (TestServer server = start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            postMessage(api, owner, session.id(), "one");
            postMessage(api, owner, session.id(), "two");
            assertThat(api.get("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(200);
            assertThat(api.get("/sessions/" + (session.id() + 1000) + "/messages")
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(404);
            assertThat(api.get("/no/such/path").send().status()).isEqualTo(404);

            Exposition read = Exposition.awaitValue(
                    server,
                    REQUESTS + "_count",
                    Map.of("route", "/sessions/{id}/messages", "method", "POST", "status", "2xx"),
                    2);
            Exposition.awaitValue(
                    server,
                    REQUESTS + "_count",
                    Map.of("route", "/sessions/{id}/messages", "method", "GET", "status", "4xx"),
                    1);
            read = Exposition.awaitValue(
                    server, REQUESTS + "_count", Map.of("route", NO_ROUTE, "method", "GET", "status", "4xx"), 1);
            assertThat(read.value(REQUESTS + "_count", Map.of("route", "/users", "method", "POST", "status", "2xx")))
                    .isEqualTo(1);
            assertThat(read.value(REQUESTS + "_count", Map.of("route", "/token", "method", "POST", "status", "2xx")))
                    .isEqualTo(1);
            // A histogram with real buckets: cumulative, ending in +Inf, which counts them all.
            Map<String, String> posts = Map.of("route", "/sessions/{id}/messages", "method", "POST", "status", "2xx");
            List<Exposition.Sample> buckets = read.all(REQUESTS + "_bucket", posts);
            assertThat(buckets).hasSizeGreaterThan(10);
            assertThat(buckets.getLast().labels()).containsEntry("le", "+Inf");
            assertThat(buckets.getLast().value()).isEqualTo(2);
            assertThat(buckets).extracting(Exposition.Sample::value).isSorted();
            assertThat(read.value(REQUESTS + "_sum", posts)).isPositive();
            // Templates, never raw paths: no route label holds an id.
            assertThat(read.all(REQUESTS + "_count", Map.of()))
                    .extracting(s -> s.labels().get("route"))
                    .noneMatch(route -> route.matches(".*/\\d+.*"));
            // The scrapes are Parley's own route, timed like the others; Helidon's metrics observer, whose
            // filter costs every request for a count of its own (metrics.MetricsRoutes), is not there.
            assertThat(read.value(
                            REQUESTS + "_count", Map.of("route", "/observe/metrics", "method", "GET", "status", "2xx")))
                    .isPositive();
            assertThat(read.names()).doesNotContain("requests_count_total");
        }
    }

    @Test
    void eventStreamsAreCountedOpenAndTheirEventsDelivered() {
        try (TestServer server = start(QUICK_HEARTBEAT)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            assertThat(Exposition.of(server).value("parley_events_streams_open"))
                    .isZero();

            try (EventStreamRecorder stream = EventStreamRecorder.open(
                    server, "/sessions/" + session.id() + "/events", owner.accessToken(), Map.of())) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(Exposition.of(server).value("parley_events_streams_open"))
                        .isEqualTo(1);
                Message one = postMessage(api, owner, session.id(), "one");
                Message two = postMessage(api, owner, session.id(), "two");
                assertThat(stream.assertMessage()).isEqualTo(one);
                assertThat(stream.assertMessage()).isEqualTo(two);
                assertThat(Exposition.of(server).value("parley_events_delivered_total"))
                        .isEqualTo(2);
            }
            Exposition read = Exposition.awaitValue(server, "parley_events_streams_open", Map.of(), 0);
            for (String reason : List.of(
                    "fell_behind",
                    "changes_missed",
                    "removed",
                    "session_deleted",
                    "token_expired",
                    "logged_out",
                    "server_stopping")) {
                assertThat(read.value("parley_events_streams_ended_total", Map.of("reason", reason)))
                        .isZero();
            }
            Exposition.awaitValue(
                    server,
                    REQUESTS + "_count",
                    Map.of("route", "/sessions/{id}/events", "method", "GET", "status", "2xx"),
                    1);
            assertThat(read.value("parley_events_buffered_bytes")).isZero();
        }
    }

    /** As EventResumeFlows' reader that falls behind: a tiny buffer and a client that reads nothing. */
    @Test
    void aStreamEndedForFallingBehindIsCounted() throws IOException {
        Map<String, String> settings = Map.of(
                "parley.events.buffer-size",
                "4",
                "server.connection-options.socket-send-buffer-size",
                "4096",
                "parley.limits.messages.burst",
                "1000");
        try (TestServer server = start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            String text = "x".repeat(3990);
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
                OutputStream out = stalled.getOutputStream();
                out.write(("GET /sessions/" + session.id()
                                + "/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + owner.accessToken()
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Exposition.awaitValue(server, "parley_events_streams_open", Map.of(), 1);
                for (int i = 0; i < 200 && !fellBehind(server); i++) {
                    postMessage(api, owner, session.id(), text + " " + i);
                }
                Exposition.awaitValue(server, "parley_events_streams_ended_total", Map.of("reason", "fell_behind"), 1);
            }
            Exposition.awaitValue(server, "parley_events_streams_open", Map.of(), 0);
        }
    }

    private static boolean fellBehind(TestServer server) {
        return Exposition.of(server).value("parley_events_streams_ended_total", Map.of("reason", "fell_behind")) > 0;
    }

    @Test
    void theWriterAndThePoolAreMeasured() {
        try (TestServer server = start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            Exposition before = Exposition.of(server);
            postMessage(api, owner, session.id(), "one");
            Exposition after = Exposition.of(server);

            assertThat(after.value("parley_writer_batch_size_count"))
                    .isEqualTo(before.value("parley_writer_batch_size_count") + 1);
            assertThat(after.value("parley_writer_batch_size_sum"))
                    .isEqualTo(before.value("parley_writer_batch_size_sum") + 1);
            assertThat(after.value("parley_writer_commit_duration_seconds_count"))
                    .isEqualTo(before.value("parley_writer_commit_duration_seconds_count") + 1);
            assertThat(after.value("parley_writer_commit_duration_seconds_bucket", Map.of("le", "+Inf")))
                    .isEqualTo(after.value("parley_writer_commit_duration_seconds_count"));
            assertThat(after.all("parley_writer_batch_size_bucket", Map.of())).hasSizeGreaterThan(5);
            assertThat(after.value("parley_writer_queue_length")).isZero();

            // The pool is the configured size (Database.open's defaults: 4 readers on SQLite, 10 on PostgreSQL).
            assertThat(after.value("parley_db_pool_max_connections")).isEqualTo(onPostgres() ? 10 : 4);
            assertThat(after.value("parley_db_pool_active_connections")).isZero();
            assertThat(after.value("parley_db_pool_waiting_threads")).isZero();
            assertThat(after.value("parley_db_pool_idle_connections")).isBetween(0.0, onPostgres() ? 10.0 : 4.0);
        }
    }

    @Test
    void logInsAreCountedAsHashedWithTheirWaitForBcrypt() {
        try (TestServer server = start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            assertThat(api.passwordGrant(account.email(), "not the password").status())
                    .isEqualTo(400);
            assertThat(api.passwordGrant(ApiClient.uniqueEmail(), "nobody's password")
                            .status())
                    .isEqualTo(400);

            Exposition read = Exposition.of(server);
            // newAccount registered and logged in; then a wrong password and an unknown email, hashed all the same.
            assertThat(read.value("parley_bcrypt_hashes_total", Map.of("work", "registration")))
                    .isEqualTo(1);
            assertThat(read.value("parley_bcrypt_hashes_total", Map.of("work", "log_in")))
                    .isEqualTo(3);
            assertThat(read.value("parley_bcrypt_wait_seconds_count", Map.of("work", "log_in")))
                    .isEqualTo(3);
            assertThat(read.value("parley_bcrypt_wait_seconds_bucket", Map.of("work", "log_in", "le", "+Inf")))
                    .isEqualTo(3);
            assertThat(read.value("parley_bcrypt_queue_length")).isZero();
            assertThat(read.value("parley_bcrypt_abandoned_total", Map.of("work", "log_in")))
                    .isZero();
        }
    }

    @Test
    void refusalsAreCountedByWhichLimitRefused() {
        Map<String, String> settings = Map.of(
                "parley.limits.messages.burst",
                "1",
                "parley.limits.messages.refill",
                "1",
                "parley.limits.messages.period",
                "PT1H",
                "parley.auth.login-throttle.max-failures-per-account",
                "1",
                "parley.events.max-streams-per-user",
                "1");
        try (TestServer server = start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            postMessage(api, owner, session.id(), "the only one this hour");
            assertThat(api.post("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .json(new NewMessage("one more"))
                            .send()
                            .status())
                    .isEqualTo(429);

            assertThat(api.passwordGrant(owner.email(), "wrong once").status()).isEqualTo(400);
            assertThat(api.passwordGrant(owner.email(), "wrong twice").status()).isEqualTo(429);

            try (EventStreamRecorder first =
                            EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of());
                    EventStreamRecorder second =
                            EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of())) {
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(429);
            }

            Exposition read = Exposition.of(server);
            assertThat(read.value("parley_refusals_total", Map.of("kind", "rate_limit", "limit", "messages")))
                    .isEqualTo(1);
            assertThat(read.value("parley_refusals_total", Map.of("kind", "rate_limit", "limit", "sessions")))
                    .isZero();
            assertThat(read.value("parley_refusals_total", Map.of("kind", "rate_limit", "limit", "registrations")))
                    .isZero();
            assertThat(read.value("parley_refusals_total", Map.of("kind", "login_throttle", "limit", "account")))
                    .isEqualTo(1);
            assertThat(read.value("parley_refusals_total", Map.of("kind", "login_throttle", "limit", "address")))
                    .isZero();
            assertThat(read.value("parley_refusals_total", Map.of("kind", "stream_cap", "limit", "per_user")))
                    .isEqualTo(1);
            assertThat(read.value("parley_refusals_total", Map.of("kind", "stream_cap", "limit", "per_address")))
                    .isZero();
            assertThat(read.value("parley_refusals_total", Map.of("kind", "stream_cap", "limit", "server")))
                    .isZero();
            // Refused by the rate limit's filter before routing: no route took it.
            Exposition.awaitValue(
                    server, REQUESTS + "_count", Map.of("route", NO_ROUTE, "method", "POST", "status", "4xx"), 1);
        }
    }

    /**
     * promtool (Debian's prometheus package; .ci/run installs it) checks the whole exposition against
     * Prometheus' rules, with every family holding samples: Helidon's JVM meters as configured in
     * application.yaml, and Parley's own.
     */
    @Test
    void theWholeExpositionPassesPromtool() throws IOException, InterruptedException {
        Path promtool = DeployExamplesTest.promtool();
        try (TestServer server = start(QUICK_HEARTBEAT)) {
            String text = exerciseEveryFamily(server).text();

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = check.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(said).as("promtool check metrics on:%n%s", text).isEmpty();
            assertThat(check.exitValue()).isZero();
        }
    }

    /** Every metric name the Grafana dashboard's queries use is one the server serves. */
    @Test
    void everyMetricTheDashboardQueriesIsServed() throws IOException {
        JsonNode dashboard = Json.mapper().readTree(Files.readString(DASHBOARD));
        Set<String> queried = DashboardQueries.metricNames(dashboard);
        assertThat(queried)
                .contains(
                        REQUESTS + "_bucket",
                        "parley_events_streams_open",
                        "parley_refusals_total",
                        "parley_change_feed_lag_seconds_bucket");
        try (TestServer server = start(QUICK_HEARTBEAT)) {
            Set<String> served = exerciseEveryFamily(server).names();
            for (String name : queried) {
                if (name.startsWith(POSTGRES_ONLY) && !onPostgres()) {
                    assertThat(served).doesNotContain(name);
                } else {
                    assertThat(served).as("served metrics").contains(name);
                }
            }
        }
    }

    /** Requests, a stream, a post and a log-in: every labelled family gets samples (with {@link #QUICK_HEARTBEAT}). */
    static Exposition exerciseEveryFamily(TestServer server) {
        ApiClient api = ApiClient.of(server);
        Account owner = api.newAccount();
        Session session = createSession(api, owner);
        try (EventStreamRecorder stream = EventStreamRecorder.open(
                server, "/sessions/" + session.id() + "/events", owner.accessToken(), Map.of())) {
            Message posted = postMessage(api, owner, session.id(), "hello");
            assertThat(stream.assertMessage()).isEqualTo(posted);
        }
        return Exposition.await(
                server,
                read -> !read.all(REQUESTS + "_count", Map.of("route", "/sessions/{id}/events"))
                        .isEmpty(),
                "the stream's request is timed");
    }

    static Session createSession(ApiClient api, Account owner) {
        Response response = api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("metrics"))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Session.class);
    }

    static Message postMessage(ApiClient api, Account author, long sessionId, String text) {
        Response response = api.post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Message.class);
    }
}
