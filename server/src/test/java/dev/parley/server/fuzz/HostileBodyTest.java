package dev.parley.server.fuzz;

import dev.parley.server.testing.RawHttp.Request;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzed request bodies: any JSON (or what claims to be JSON) at every endpoint that reads one, and
 * any form at /token, under any content type.
 */
class HostileBodyTest extends HostileInputSuite {

    @Test
    void anyJsonBodyIsAnsweredOrRefusedWithAProblemThatStoresNothing() {
        Gen<Request> requests = jsonEndpoints()
                .zip(
                        jsonContentTypes(),
                        HostileInputs.jsonBody(),
                        (endpoint, type, body) -> endpoint.withBody(type, body));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    @Test
    void anyTokenFormIsAnsweredOrRefusedTheOAuthWay() {
        Gen<String> formTypes = Generate.pick(List.of(
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "application/x-www-form-urlencoded;;",
                "multipart/form-data; boundary=x",
                "text/plain",
                "*/*",
                ""));
        Gen<Request> requests = formTypes.zip(
                HostileInputs.formBody(),
                (type, body) -> Request.of("POST", "/token").withBody(type, body));

        qt().forAll(requests).checkAssert(this::assertAnsweredOrRefused);
    }

    /** The endpoints that read a JSON body, each as the caller it needs. */
    private Gen<Request> jsonEndpoints() {
        String bearer = "Bearer " + owner.accessToken();
        return Generate.pick(List.of(
                Request.of("POST", "/users"),
                Request.of("POST", "/token"),
                Request.of("POST", "/sessions").withHeader("Authorization", bearer),
                Request.of("PATCH", "/sessions/" + session.id()).withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/messages").withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/messages")
                        .withHeader("Authorization", bearer)
                        .withHeader("Idempotency-Key", "fuzz-" + UUID.randomUUID()),
                Request.of("PATCH", "/sessions/" + session.id() + "/messages/" + editableId)
                        .withHeader("Authorization", bearer),
                Request.of("POST", "/sessions/" + session.id() + "/members").withHeader("Authorization", bearer),
                Request.of("PUT", "/sessions/" + session.id() + "/read").withHeader("Authorization", bearer)));
    }

    private static Gen<String> jsonContentTypes() {
        return HostileInputs.mostly(
                Generate.pick(List.of(
                        "application/json",
                        "application/json; charset=utf-8",
                        "APPLICATION/JSON",
                        "application/problem+json",
                        "application/vnd.fuzz+json")),
                Generate.pick(List.of(
                        "application/json; charset=utf-16",
                        "application/json; charset=\"",
                        "application/json;;;",
                        "text/json",
                        "application/x-www-form-urlencoded",
                        "application/octet-stream",
                        "",
                        "application/",
                        ";",
                        "application/json; q=\"\u00e9")));
    }
}
