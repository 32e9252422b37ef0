package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Problem;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document lists, for every operation, every error status the server answers it with.
 * Not by reading the code: every operation the document has is driven through the error paths on a
 * real server (no token, a refused token, ids that do not exist, a stranger's and a mere member's
 * session, malformed, mistyped, non-JSON, oversized and crowded-out bodies, bad parameters,
 * {@code If-Match}, rate limits, the log-in throttle and the stream quotas), and each status it
 * answers must be in the operation's responses, or among the few any request can get (listed once
 * in the document's description). What was answered must be what the document says it is:
 * problem+json, but for the token endpoint's OAuth errors and the health check's format.
 *
 * <p>The probes live apart: {@link RequestErrorProbes} for a request's own faults, {@link LimitProbes}
 * for a server that is full; this class picks the servers they need and judges what was answered.
 */
abstract class DocumentedStatusFlows extends FlowSuite {

    /** What any request can get, documented once in the description: no operation answers them by design. */
    private static final Set<Integer> ANY_REQUEST = Set.of(405, 414, 431, 500, 505);
    /** Documented error answers that are not problem+json: RFC 6749's token errors, Helidon's health report. */
    private static final Map<String, String> OTHER_ERROR_SCHEMAS =
            Map.of("issueToken 400", "OAuthError", "issueToken 429", "OAuthError", "health 503", "Health");

    @Test
    void everyStatusAnOperationAnswersIsDocumentedForIt() throws Exception {
        JsonNode document = openApiDocument();
        List<DocumentedOperation> operations = DocumentedOperation.allIn(document);
        assertThat(operations).hasSizeGreaterThan(15);
        AnsweredStatuses answered = new AnsweredStatuses();

        Map<String, String> limits = Map.of(
                "parley.limits.max-body-bytes",
                "10000",
                "parley.limits.max-body-bytes-in-flight",
                "20000",
                "parley.events.heartbeat",
                "PT0.2S");
        try (TestServer server = servers().start(limits)) {
            ProbeAccounts accounts = new ProbeAccounts(server);
            RequestErrorProbes requestErrors = new RequestErrorProbes(answered, server, accounts);
            for (DocumentedOperation operation : operations) {
                requestErrors.probe(operation);
                accounts.logInAgain(); // the probes of POST /logout end their callers' logins
            }
            new LimitProbes(answered, server, accounts).crowdBodyRoom(operations);
        }
        Map<String, String> fewStreams =
                Map.of("parley.events.max-streams-per-user", "1", "parley.events.max-streams", "3");
        for (DocumentedOperation operation : operations) {
            if (operation.isStream()) {
                // A server each: a stream closed by its client is counted until the server notices.
                try (TestServer server = servers().start(fewStreams)) {
                    new LimitProbes(answered, server, new ProbeAccounts(server)).exceedStreamQuotas(operation);
                }
            }
        }
        Map<String, String> tight = Map.of(
                "parley.limits.sessions.burst",
                "1",
                "parley.limits.messages.burst",
                "1",
                "parley.limits.registrations.burst",
                "5",
                "parley.limits.searches.burst",
                "1",
                "parley.limits.searches.refill",
                "1",
                "parley.auth.login-throttle.max-failures-per-account",
                "1");
        try (TestServer server = servers().start(tight)) {
            new LimitProbes(answered, server, new ProbeAccounts(server)).exhaustRateLimits(operations);
        }

        assertThat(answered.all())
                .as("the probes reach every kind of refusal")
                .contains(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 431, 503);
        assertThat(answered.of("streamSessionEvents")).as("a stream's quotas").containsKeys(429, 503);
        assertThat(answered.of("removeMember")).as("an owner-only change").containsKeys(403, 404, 412);
        assertThat(answered.of("searchMessages"))
                .as("a session named in the query, and searching too often")
                .containsKeys(401, 404, 422, 429);
        assertThat(answered.of("editMessage")).as("an author-only change").containsKeys(403, 404, 412, 422, 429);
        assertThat(answered.of("deleteMessage"))
                .as("a change of the author's or the owner's")
                .containsKeys(403, 404);
        assertEveryErrorDocumented(document, operations, answered);
    }

    /** Every documented error response is problem+json, referencing the Problem schema, but for the few named. */
    @Test
    void everyDocumentedErrorIsProblemJson() {
        JsonNode document = openApiDocument();
        for (DocumentedOperation operation : DocumentedOperation.allIn(document)) {
            operation.spec().path("responses").properties().forEach(entry -> {
                if (Integer.parseInt(entry.getKey()) < 400) {
                    return;
                }
                JsonNode response = DocumentedOperation.resolve(document, entry.getValue());
                String name = operation.id() + " " + entry.getKey();
                String schema = OTHER_ERROR_SCHEMAS.getOrDefault(name, "Problem");
                String mediaType = schema.equals("Problem") ? Problem.MEDIA_TYPE : "application/json";
                assertThat(response.path("content")
                                .path(mediaType)
                                .path("schema")
                                .path("$ref")
                                .asText())
                        .as(name)
                        .isEqualTo("#/components/schemas/" + schema);
            });
        }
    }

    /** Each error status answered is in the operation's responses, with the media type it was answered as. */
    private static void assertEveryErrorDocumented(
            JsonNode document, List<DocumentedOperation> operations, AnsweredStatuses answered) {
        Map<String, Set<Integer>> undocumented = new TreeMap<>();
        for (DocumentedOperation operation : operations) {
            JsonNode responses = operation.spec().path("responses");
            answered.of(operation.id()).forEach((status, mediaType) -> {
                if (status >= 400 && !ANY_REQUEST.contains(status)) {
                    if (!responses.has(Integer.toString(status))) {
                        undocumented
                                .computeIfAbsent(operation.id(), id -> new TreeSet<>())
                                .add(status);
                    } else {
                        assertThat(DocumentedOperation.documentedMediaTypes(
                                        document, responses.path(Integer.toString(status))))
                                .as(operation.id() + " answered " + status + " as " + mediaType)
                                .contains(mediaType);
                    }
                }
            });
        }
        assertThat(undocumented)
                .as("statuses answered but not documented, per operation")
                .isEmpty();
    }
}
