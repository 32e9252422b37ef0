package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, as one table: every authenticated endpoint against every kind of caller, each
 * cell on fresh accounts and a fresh session so that no cell depends on another.
 */
abstract class AuthorizationMatrixFlows extends FlowSuite {

    /** The callers: nobody, a user outside the session, a member, its owner, and a logged-out token. */
    enum Actor {
        ANONYMOUS,
        STRANGER,
        MEMBER,
        OWNER,
        REVOKED
    }

    /** One endpoint and the status each actor gets; paths name {session}, {member}, {owner}, {message}. */
    record Row(
            String method,
            String path,
            Function<Fixture, Object> body,
            int anonymous,
            int stranger,
            int member,
            int owner,
            int revoked) {

        int expected(Actor actor) {
            return switch (actor) {
                case ANONYMOUS -> anonymous;
                case STRANGER -> stranger;
                case MEMBER -> member;
                case OWNER -> owner;
                case REVOKED -> revoked;
            };
        }
    }

    /** A session with its owner, a member, a message, a stranger, a user to invite and a revoked token. */
    record Fixture(
            Account owner,
            Account member,
            Account stranger,
            Account newcomer,
            String revokedToken,
            Session session,
            Message message) {

        String path(String template) {
            return template.replace("{session}", Long.toString(session.id()))
                    .replace("{member}", Long.toString(member.user().id()))
                    .replace("{owner}", Long.toString(owner.user().id()))
                    .replace("{message}", Long.toString(message.id()));
        }

        String token(Actor actor) {
            return switch (actor) {
                case ANONYMOUS -> null;
                case STRANGER -> stranger.accessToken();
                case MEMBER -> member.accessToken();
                case OWNER -> owner.accessToken();
                case REVOKED -> revokedToken;
            };
        }
    }

    private static final Function<Fixture, Object> NO_BODY = fixture -> null;

    static final List<Row> TABLE = List.of(
            // method, path, body; then the status for: anonymous, stranger, member, owner, revoked token
            new Row("GET", "/users/me", NO_BODY, 401, 200, 200, 200, 401),
            new Row("POST", "/logout", NO_BODY, 401, 204, 204, 204, 401),
            new Row("POST", "/sessions", f -> Map.of("title", "new"), 401, 201, 201, 201, 401),
            new Row("GET", "/sessions", NO_BODY, 401, 200, 200, 200, 401),
            new Row("GET", "/sessions/{session}", NO_BODY, 401, 404, 200, 200, 401),
            new Row("PATCH", "/sessions/{session}", f -> Map.of("title", "renamed"), 401, 404, 403, 200, 401),
            new Row("DELETE", "/sessions/{session}", NO_BODY, 401, 404, 403, 204, 401),
            new Row(
                    "POST",
                    "/sessions/{session}/members",
                    f -> Map.of("email", f.newcomer().email()),
                    401,
                    404,
                    403,
                    201,
                    401),
            new Row("GET", "/sessions/{session}/members", NO_BODY, 401, 404, 200, 200, 401),
            new Row("DELETE", "/sessions/{session}/members/{member}", NO_BODY, 401, 404, 204, 204, 401),
            new Row("DELETE", "/sessions/{session}/members/{owner}", NO_BODY, 401, 404, 403, 403, 401),
            new Row(
                    "PUT",
                    "/sessions/{session}/read",
                    f -> Map.of("last_read_id", f.message().id()),
                    401,
                    404,
                    204,
                    204,
                    401),
            new Row("POST", "/sessions/{session}/messages", f -> Map.of("text", "hello"), 401, 404, 201, 201, 401),
            new Row("GET", "/sessions/{session}/messages", NO_BODY, 401, 404, 200, 200, 401),
            new Row("GET", "/sessions/{session}/events", NO_BODY, 401, 404, 200, 200, 401),
            new Row("GET", "/search?q=first", NO_BODY, 401, 200, 200, 200, 401),
            new Row("GET", "/search?q=first&session_id={session}", NO_BODY, 401, 404, 200, 200, 401),
            new Row("GET", "/events", NO_BODY, 401, 200, 200, 200, 401));

    static Stream<Arguments> cells() {
        return TABLE.stream()
                .flatMap(row -> Stream.of(Actor.values())
                        .map(actor -> Arguments.of(row.method() + " " + row.path(), actor, row)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cells")
    void everyActorGetsTheStatusTheTableSays(String endpoint, Actor actor, Row row) {
        Fixture fixture = fixture();
        String path = fixture.path(row.path());
        String token = fixture.token(actor);
        int expected = row.expected(actor);

        int status;
        if (path.endsWith("/events")) {
            try (EventStreamRecorder stream = EventStreamRecorder.open(servers().shared(), path, token, Map.of())) {
                status = stream.status();
            }
        } else {
            ApiClient.Request request = api().request(row.method(), path);
            if (token != null) {
                request.bearer(token);
            }
            Object body = row.body().apply(fixture);
            if (body != null) {
                request.json(body);
            }
            ApiClient.Response response = request.send();
            status = response.status();
            if (status >= 400) {
                assertProblem(response, status);
            }
        }

        assertThat(status).as(endpoint + " as " + actor).isEqualTo(expected);
    }

    private Fixture fixture() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "matrix");
        addMember(owner, session.id(), member);
        Message message = postMessage(owner, session.id(), "the first message");
        Account revoked = new Account(owner.user(), owner.password(), api().logIn(owner.email(), owner.password()));
        assertThat(api().post("/logout").as(revoked).send().status()).isEqualTo(204);
        return new Fixture(owner, member, newAccount(), newAccount(), revoked.accessToken(), session, message);
    }
}
