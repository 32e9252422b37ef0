package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyConfig;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browsers may call the API from other origins only when the operator names those origins. */
class CorsTest {

    private static final String FRIEND = "https://chat.example.com";
    private static final String STRANGER = "https://evil.example";

    @Nested
    class ByDefault {

        @Test
        void noAnswerAllowsAnyOrigin() {
            try (TestServer server = TestServer.start()) {
                ApiClient api = ApiClient.of(server);
                Account account = api.newAccount();

                for (Response response : List.of(
                        api.get("/users/me")
                                .as(account)
                                .header("Origin", STRANGER)
                                .send(),
                        api.post("/sessions")
                                .as(account)
                                .header("Origin", STRANGER)
                                .send(),
                        api.get("/openapi").header("Origin", STRANGER).send(),
                        api.get("/docs").header("Origin", STRANGER).send(),
                        api.get("/observe/health").header("Origin", STRANGER).send(),
                        preflight(api, "/sessions", STRANGER),
                        preflight(api, "/openapi", STRANGER),
                        preflight(api, "/token", STRANGER))) {
                    assertNoCors(response);
                }
                assertThat(preflight(api, "/sessions", STRANGER).status()).isEqualTo(405);
            }
        }
    }

    @Nested
    class WithAllowedOrigins {

        @Test
        void theNamedOriginMayCallAndOthersMayNot() {
            try (TestServer server =
                    TestServer.start(Map.of("parley.cors.allowed-origins", FRIEND + ",http://localhost:3000"))) {
                ApiClient api = ApiClient.of(server);
                Account account = api.newAccount();

                Response preflight = preflight(api, "/sessions", FRIEND);
                assertThat(preflight.status()).isEqualTo(204);
                assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(FRIEND);
                assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow())
                        .contains("POST");
                assertThat(preflight
                                .header("Access-Control-Allow-Headers")
                                .orElseThrow()
                                .toLowerCase())
                        .contains("authorization")
                        .contains("content-type");
                assertThat(preflight.header("Access-Control-Allow-Credentials")).isEmpty();

                Response call = api.get("/users/me")
                        .as(account)
                        .header("Origin", FRIEND)
                        .send();
                assertThat(call.status()).isEqualTo(200);
                assertThat(call.header("Access-Control-Allow-Origin")).hasValue(FRIEND);
                Response refused = api.get("/users/me").header("Origin", FRIEND).send();
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("Access-Control-Allow-Origin")).hasValue(FRIEND);
                assertThat(refused.header("Access-Control-Expose-Headers").orElseThrow())
                        .contains("WWW-Authenticate");

                Response strangersPreflight = preflight(api, "/sessions", STRANGER);
                assertThat(strangersPreflight.status()).isEqualTo(405);
                assertNoCors(strangersPreflight);
                assertNoCors(api.get("/users/me")
                        .as(account)
                        .header("Origin", STRANGER)
                        .send());
            }
        }
    }

    /** Every method of the API document, PUT (the read marker) included, may be called from a named origin. */
    @Test
    void thePreflightAllowsEveryMethodTheApiServes() {
        try (TestServer server = TestServer.start(Map.of("parley.cors.allowed-origins", FRIEND))) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            long sessionId =
                    api.post("/sessions").as(account).send().json().path("id").asLong();
            Set<String> documented = new TreeSet<>();
            api.get("/openapi?format=JSON")
                    .send()
                    .json()
                    .path("paths")
                    .forEach(path -> path.properties().stream()
                            .map(Map.Entry::getKey)
                            .filter(key -> !key.equals("parameters"))
                            .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT))));

            Response preflight = api.request("OPTIONS", "/sessions/" + sessionId + "/read")
                    .header("Origin", FRIEND)
                    .header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .send();
            Response marked = api.request("PUT", "/sessions/" + sessionId + "/read")
                    .as(account)
                    .header("Origin", FRIEND)
                    .body("application/json", "{\"last_read_id\": 1}")
                    .send();

            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight
                            .header("Access-Control-Allow-Methods")
                            .orElseThrow()
                            .split(",\\s*"))
                    .contains("PUT")
                    .contains(documented.toArray(String[]::new));
            assertThat(marked.header("Access-Control-Allow-Origin")).hasValue(FRIEND);
        }
    }

    @Test
    void anAllowedOriginMustBeAnOrigin(@TempDir Path dataDir) {
        assertThatThrownBy(() -> ParleyConfig.Cors.from(TestServer.config(
                        dataDir, Map.of("parley.cors.allowed-origins", "https://chat.example.com/app"))))
                .hasMessageContaining("parley.cors.allowed-origins");
        assertThat(ParleyConfig.Cors.from(TestServer.config(
                                dataDir,
                                Map.of("parley.cors.allowed-origins", "https://a.example, http://localhost:3000")))
                        .allowedOrigins())
                .containsExactly("https://a.example", "http://localhost:3000");
    }

    private static Response preflight(ApiClient api, String path, String origin) {
        return api.request("OPTIONS", path)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .send();
    }

    private static void assertNoCors(Response response) {
        assertThat(response.headers().map().keySet())
                .as(response.status() + " " + response.headers().map())
                .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }
}
