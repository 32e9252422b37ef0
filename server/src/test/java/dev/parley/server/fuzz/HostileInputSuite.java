package dev.parley.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.RawHttp;
import dev.parley.server.testing.RawHttp.Request;
import dev.parley.server.testing.RawHttp.Response;
import dev.parley.server.testing.ReadOnlyDatabase;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.QuickTheory;

/**
 * Property-based fuzzing of the API against one real server per test class: whatever bytes arrive,
 * the answer is never a 5xx; every refusal is a 4xx in problem+json (RFC 6749 JSON at /token); and a
 * refused request leaves every table of the database exactly as it was. An event stream that is
 * opened counts as answered (its head is checked, then it is cut off). QuickTheories prints the seed
 * of a failing run; {@code -DQT_SEED=<seed>} replays it.
 *
 * <p>The fuzzers are split by the part of the request they generate: {@link HostileBodyTest},
 * {@link HostileAccessTest}, {@link HostileRequestHeadTest}. This base holds the server, the data
 * they aim at, and the verdict on each answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileInputSuite {

    /** Per property: enough to meet each kind of input many times, few enough for a quick suite. */
    private static final int TRIES = 200;

    private static final String PROBLEM_JSON = "application/problem+json";

    TestServer server;
    Account owner;
    Account stranger;
    /** Sends requests of any method to any path with a valid token: so the owner's data is out of reach. */
    Account mallory;

    Session session;
    Session mallorysSession;
    String secretText;
    long secretId;
    /** The owner's message that fuzzed edits may change, so that the secret stays as it is. */
    long editableId;

    private RawHttp http;
    private ReadOnlyDatabase db;
    /** The database as the last accepted request left it; a refused one must leave it so. */
    private Map<String, List<List<Object>>> stored;

    @BeforeAll
    void startServer() {
        // Fuzzed log-ins fail by the hundred from one address: the throttle would answer them all with 429.
        // Fuzzed streams that open are cut off at once; the caps would otherwise answer the next with 429
        // until the server notices, at a heartbeat.
        server = TestServer.start(Map.of(
                "parley.auth.login-throttle.max-failures-per-address", TestServer.UNLIMITED,
                "parley.auth.login-throttle.max-failures-per-account", TestServer.UNLIMITED,
                "parley.events.max-streams-per-user", "100000",
                "parley.events.max-streams", "100000",
                "parley.events.heartbeat", "PT1S"));
        ApiClient api = ApiClient.of(server);
        owner = api.newAccount();
        stranger = api.newAccount();
        mallory = api.newAccount();
        session = api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("fuzzed"))
                .send()
                .as(Session.class);
        mallorysSession = api.post("/sessions")
                .as(mallory)
                .json(new SessionTitle("mallory's"))
                .send()
                .as(Session.class);
        secretText = "owner's eyes only " + UUID.randomUUID();
        secretId = api.post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .json(new NewMessage(secretText))
                .send()
                .as(Message.class)
                .id();
        editableId = api.post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .json(new NewMessage("fuzzed edits land here"))
                .send()
                .as(Message.class)
                .id();
        http = new RawHttp(server.port());
        db = ReadOnlyDatabase.open(server.dataDir());
        stored = db.snapshot();
    }

    @AfterAll
    void stopServer() {
        db.close();
        server.close();
    }

    @AfterEach
    void theServerStillServes() {
        assertThat(http.exchange(Request.of("GET", "/observe/health")).status()).isEqualTo(200);
        assertThat(db.integrityCheck()).containsExactly("ok");
    }

    static QuickTheory qt() {
        // Every shrink step is a request too: bounded, so a failure is reported in seconds.
        return QuickTheory.qt().withExamples(TRIES).withShrinkCycles(200);
    }

    /**
     * Sends {@code request} and checks the answer: never 5xx; a refusal is a 4xx problem+json (or
     * RFC 6749 JSON from /token) and stores nothing; an accepted request may change what is stored.
     */
    Response assertAnsweredOrRefused(Request request) {
        Response response = http.exchange(request);
        assertThat(response.status()).as("%s answered %s", request, response).isBetween(200, 499);
        if (response.status() < 400) {
            stored = db.snapshot();
            return response;
        }
        if (new String(request.method(), StandardCharsets.ISO_8859_1).equals("HEAD")) {
            // A HEAD answer has headers only.
            assertThat(response.contentType())
                    .as("%s answered %s", request, response)
                    .startsWith(PROBLEM_JSON);
        } else if (isOAuthError(request, response)) {
            JsonNode body = json(response, request);
            assertThat(body.path("error").isTextual())
                    .as("%s answered %s", request, response)
                    .isTrue();
        } else {
            JsonNode body = json(response, request);
            assertThat(response.contentType())
                    .as("%s answered %s", request, response)
                    .startsWith(PROBLEM_JSON);
            assertThat(body.path("status").asInt())
                    .as("%s answered %s", request, response)
                    .isEqualTo(response.status());
            assertThat(body.path("title").isTextual())
                    .as("%s answered %s", request, response)
                    .isTrue();
        }
        assertThat(db.snapshot())
                .as("what is stored after %s was refused with %s", request, response)
                .isEqualTo(stored);
        return response;
    }

    private static boolean isOAuthError(Request request, Response response) {
        return new String(request.target(), StandardCharsets.ISO_8859_1).startsWith("/token")
                && response.contentType().startsWith("application/json");
    }

    private static JsonNode json(Response response, Request request) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(request + " answered " + response + ", which is no JSON", e);
        }
    }
}
