package dev.parley.server.fuzz;

import static dev.parley.server.fuzz.Encodings.concat;
import static dev.parley.server.fuzz.Encodings.utf8;
import static dev.parley.server.fuzz.HostileInputs.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RawHttp.Request;
import dev.parley.server.testing.RawHttp.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzed request heads: any query at the endpoints that read one, any {@code Last-Event-ID} at the
 * event streams, and any method, target and header bytes at all.
 */
class HostileRequestHeadTest extends HostileInputSuite {

    @Test
    void anyQueryIsAnsweredOrRefusedWithAProblem() {
        Gen<Request> requests = Generate.pick(List.of(
                        "/sessions?",
                        "/sessions/" + session.id() + "/messages?",
                        "/sessions/" + session.id() + "/events?",
                        "/events?",
                        "/search?",
                        "/search?q=owner&"))
                .zip(
                        HostileInputs.query(),
                        (path, query) -> Request.of("GET", "/")
                                .withTarget(concat(utf8(path), query))
                                .withHeader("Authorization", "Bearer " + owner.accessToken()));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    @Test
    void anyLastEventIdIsAnsweredWithAStreamOrRefusedWithAProblem() {
        Gen<Request> requests = Generate.pick(List.of("/sessions/" + session.id() + "/events", "/events"))
                .zip(
                        oneOf(List.of(HostileInputs.idText(), HostileInputs.headerValue())),
                        (path, lastEventId) -> Request.of("GET", path)
                                .withHeader("Authorization", "Bearer " + owner.accessToken())
                                .withHeader("Last-Event-ID", lastEventId));

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            if (response.status() < 400) {
                assertThat(response.contentType())
                        .as("%s answered %s", request, response)
                        .startsWith("text/event-stream");
            }
        });
    }

    @Test
    void anyBytesInTheRequestLineOrHeadersAreAnsweredOrRefusedWithAProblem() {
        // Methods are tokens: Helidon itself fails on any other (see HostileInputs.tokens).
        Gen<byte[]> methods = oneOf(List.of(
                Generate.pick(List.of(
                                "GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get",
                                "FOO", "G-E-T", ""))
                        .map(value -> utf8(value)),
                HostileInputs.tokens(1, 12)));
        // Not /logout: it would end mallory's log-in, and every later request would only meet the 401.
        Gen<byte[]> targets = HostileInputs.mostly(
                Generate.pick(List.of(
                                "/users",
                                "/users/me",
                                "/token",
                                "/sessions",
                                "/sessions/" + mallorysSession.id(),
                                "/sessions/" + mallorysSession.id() + "/messages",
                                "/sessions/" + mallorysSession.id() + "/members",
                                "/sessions/" + mallorysSession.id() + "/members/"
                                        + mallory.user().id(),
                                "/sessions/" + mallorysSession.id() + "/read",
                                "/sessions/" + mallorysSession.id() + "/events",
                                "/events",
                                "/search?q=fuzzed",
                                "/",
                                "*",
                                "http://127.0.0.1/sessions",
                                "//sessions",
                                "/sessions/../users/me",
                                "/sessions%2F1",
                                "/%",
                                "/%zz",
                                "/sessions/%00",
                                "/\u00e9",
                                "/docs/../../etc/passwd"))
                        .map(value -> utf8(value)),
                HostileInputs.headerBytes(1, 40)
                        .map(value -> Encodings.withoutSpaces(value))
                        .map(t -> concat(utf8("/"), t)));
        Gen<String> headerNames = HostileInputs.mostly(
                Generate.pick(List.of(
                        "Idempotency-Key",
                        "Content-Type",
                        "Accept",
                        "Accept-Charset",
                        "Authorization",
                        "Cookie",
                        "X-Forwarded-For",
                        "Host",
                        "Expect",
                        "Origin",
                        "Last-Event-ID",
                        "Range",
                        "If-None-Match")),
                Generate.pick(List.of("X-\u00e9", "Bad Name", ":authority", "", "X\u0001")));
        Gen<Request> requests = methods.zip(
                targets,
                headerNames,
                HostileInputs.headerValue(),
                (method, target, name, value) -> new Request(method, target, List.of(), new byte[0])
                        .withHeader("Authorization", "Bearer " + mallory.accessToken())
                        .withHeader(name, value)
                        .withBody("application/json", utf8("{\"text\":\"fuzzed\",\"title\":\"fuzzed\"}")));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }
}
