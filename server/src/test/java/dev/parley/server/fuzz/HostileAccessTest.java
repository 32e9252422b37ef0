package dev.parley.server.fuzz;

import static dev.parley.server.fuzz.Encodings.concat;
import static dev.parley.server.fuzz.Encodings.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.RawHttp.Request;
import dev.parley.server.testing.RawHttp.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzed access: any bearer token at every endpoint that needs a caller, and any id a stranger
 * writes into a path of the owner's session.
 */
class HostileAccessTest extends HostileInputSuite {

    @Test
    void anyBearerTokenButARealOneIsRefused() {
        Gen<String> schemes =
                Generate.pick(List.of("Bearer ", "bearer ", "BEARER   ", "Bearer", "Basic ", "", "Bearer\t"));
        Gen<Request> requests = authenticatedEndpoints()
                .zip(
                        schemes,
                        HostileInputs.bearerToken(),
                        (endpoint, scheme, token) -> endpoint.withHeader("Authorization", concat(utf8(scheme), token)));

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            assertThat(response.status())
                    .as("%s answered %s", request, response)
                    .isBetween(400, 499);
            if (response.status() == 401) {
                assertThat(response.header("WWW-Authenticate"))
                        .as(response.toString())
                        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            }
        });
    }

    @Test
    void noIdAStrangerWritesShowsOrChangesTheOwnersSession() {
        Gen<Request> requests = Generate.pick(List.of(
                        "GET /sessions/%s",
                        "PATCH /sessions/%s",
                        "DELETE /sessions/%s",
                        "GET /sessions/%s/messages",
                        "POST /sessions/%s/messages",
                        "PATCH /sessions/%s/messages/" + secretId,
                        "DELETE /sessions/%s/messages/" + secretId,
                        "PATCH /sessions/" + session.id() + "/messages/%s",
                        "DELETE /sessions/" + session.id() + "/messages/%s",
                        "GET /sessions/%s/members",
                        "POST /sessions/%s/members",
                        "DELETE /sessions/%s/members/" + owner.user().id(),
                        "DELETE /sessions/" + session.id() + "/members/%s",
                        "PUT /sessions/%s/read",
                        "GET /sessions/%s/events",
                        "GET /sessions/%s/events?after_id=0"))
                .zip(HostileInputs.idText(), (route, id) -> {
                    String[] methodAndPath = route.split(" ", 2);
                    String[] around = methodAndPath[1].split("%s", -1);
                    Request request = Request.of(methodAndPath[0], "/")
                            .withTarget(concat(concat(utf8(around[0]), id), utf8(around[1])))
                            .withHeader("Authorization", "Bearer " + stranger.accessToken());
                    return methodAndPath[0].equals("PATCH")
                                    || methodAndPath[0].equals("POST")
                                    || methodAndPath[0].equals("PUT")
                            ? request.withBody(
                                    "application/json",
                                    utf8("{\"title\":\"mine now\",\"text\":\"mine now\"," + "\"email\":\""
                                            + stranger.email() + "\",\"last_read_id\":" + secretId + "}"))
                            : request;
                });

        qt().forAll(requests).checkAssert(request -> {
            Response response = assertAnsweredOrRefused(request);
            assertThat(response.text())
                    .as("%s answered %s", request, response)
                    .doesNotContain(secretText)
                    .doesNotContain(owner.email());
        });
        assertThat(ApiClient.of(server)
                        .get("/sessions/" + session.id() + "/messages")
                        .as(owner)
                        .send()
                        .body())
                .contains(secretText);
        assertThat(ApiClient.of(server)
                        .get("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .send()
                        .body())
                .as("the stranger joined nobody's session")
                .doesNotContain(stranger.email());
    }

    /** Every endpoint that needs a caller, with a body it would accept from one. */
    private Gen<Request> authenticatedEndpoints() {
        byte[] title = utf8("{\"title\":\"fuzzed\"}");
        byte[] text = utf8("{\"text\":\"fuzzed\"}");
        return Generate.pick(List.of(
                Request.of("GET", "/users/me"),
                Request.of("POST", "/logout"),
                Request.of("GET", "/sessions"),
                Request.of("POST", "/sessions").withBody("application/json", title),
                Request.of("GET", "/sessions/" + session.id()),
                Request.of("PATCH", "/sessions/" + session.id()).withBody("application/json", title),
                Request.of("DELETE", "/sessions/" + session.id()),
                Request.of("GET", "/sessions/" + session.id() + "/messages"),
                Request.of("POST", "/sessions/" + session.id() + "/messages").withBody("application/json", text),
                Request.of("PATCH", "/sessions/" + session.id() + "/messages/" + secretId)
                        .withBody("application/json", text),
                Request.of("DELETE", "/sessions/" + session.id() + "/messages/" + secretId),
                Request.of("GET", "/sessions/" + session.id() + "/members"),
                Request.of("POST", "/sessions/" + session.id() + "/members")
                        .withBody("application/json", utf8("{\"email\":\"" + stranger.email() + "\"}")),
                Request.of(
                        "DELETE",
                        "/sessions/" + session.id() + "/members/" + owner.user().id()),
                Request.of("PUT", "/sessions/" + session.id() + "/read")
                        .withBody("application/json", utf8("{\"last_read_id\":" + secretId + "}")),
                Request.of("GET", "/sessions/" + session.id() + "/events"),
                Request.of("GET", "/events"),
                Request.of("GET", "/search?q=owner")));
    }
}
