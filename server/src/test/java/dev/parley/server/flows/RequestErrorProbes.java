package dev.parley.server.flows;

import static dev.parley.server.flows.ProbeTarget.withQuery;

import dev.parley.server.testing.TestServer;
import java.util.Map;

/**
 * The faults of a request itself, driven through one operation for {@link DocumentedStatusFlows}:
 * no token, a refused token, ids that do not exist, a stranger's and a mere member's session, the
 * owner named as a member, bad parameters, {@code If-Match}, oversized headers, and malformed,
 * non-JSON, mistyped and oversized bodies. The oversized header section (9 KiB) and body (12,000
 * bytes) are oversized only on a server whose limits are below them.
 */
final class RequestErrorProbes {

    private final AnsweredStatuses answered;
    private final TestServer server;
    private final ProbeAccounts accounts;

    RequestErrorProbes(AnsweredStatuses answered, TestServer server, ProbeAccounts accounts) {
        this.answered = answered;
        this.server = server;
        this.accounts = accounts;
    }

    void probe(DocumentedOperation operation) {
        ProbeTarget own = accounts.freshTarget();
        String owner = accounts.owner().accessToken();
        ProbeBody valid = ProbeBody.validFor(operation, accounts.owner());
        send(operation, own.path(operation), null, Map.of(), valid);
        send(operation, own.path(operation), "not-a-token", Map.of(), valid);
        send(operation, own.unknown(operation), owner, Map.of(), valid);
        send(operation, own.path(operation), accounts.stranger().accessToken(), Map.of(), valid);
        send(operation, own.path(operation), accounts.member().accessToken(), Map.of(), valid);
        // The owner naming themself where a member is named: removing the owner is refused to all.
        ProbeTarget namingOwner = own.naming(accounts.owner().user().id());
        send(operation, namingOwner.path(operation), owner, Map.of(), valid);
        send(operation, namingOwner.path(operation), accounts.member().accessToken(), Map.of(), valid);
        send(
                operation,
                withQuery(own.path(operation), "limit=0&after_id=-1&before_id=-1&cursor=%21&format=xml"),
                owner,
                Map.of("Last-Event-ID", "yesterday"),
                valid);
        if (operation.takesQuery("session_id")) {
            // A session named in the query is refused as one in the path: another's and an unknown one.
            send(
                    operation,
                    withQuery(own.path(operation), "session_id=" + own.sessionId()),
                    accounts.stranger().accessToken(),
                    Map.of(),
                    valid);
            send(
                    operation,
                    withQuery(own.path(operation), "session_id=" + own.unknownSessionId()),
                    owner,
                    Map.of(),
                    valid);
        }
        send(operation, own.path(operation), owner, Map.of("If-Match", "\"v1\""), valid);
        send(operation, own.path(operation), owner, Map.of("X-Padding", "p".repeat(9 * 1024)), valid);
        if (operation.takesBody()) {
            send(operation, own.path(operation), owner, Map.of(), ProbeBody.json("{\"text\": \"unterminated}"));
            send(operation, own.path(operation), owner, Map.of(), new ProbeBody("text/plain", "hello"));
            send(
                    operation,
                    own.path(operation),
                    owner,
                    Map.of(),
                    ProbeBody.json(
                            "{\"email\": 1, \"password\": 1, \"title\": 1, \"text\": 1, \"last_read_id\": \"x\", \"grant_type\": 1}"));
            send(
                    operation,
                    own.path(operation),
                    owner,
                    Map.of(),
                    ProbeBody.json("{\"text\": \"" + "x".repeat(12_000) + "\"}"));
        }
        send(operation, own.path(operation), owner, Map.of(), valid);
    }

    private void send(
            DocumentedOperation operation, String path, String token, Map<String, String> headers, ProbeBody body) {
        answered.send(server, operation, path, token, headers, body);
    }
}
