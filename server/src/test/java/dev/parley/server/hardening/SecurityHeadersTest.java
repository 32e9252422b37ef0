package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The headers that keep a browser from misusing Parley's answers: the documentation page runs only
 * its own scripts and may not be framed, and no answer is sniffed, cached or leaks a referrer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {

    private TestServer server;
    private ApiClient api;
    private Account account;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = ApiClient.of(server);
        account = api.newAccount();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theDocsPageRunsOnlyItsOwnScriptsAndCannotBeFramed() {
        for (String path : List.of("/docs", "/docs/index.html")) {
            Response page = api.get(path).send();

            assertThat(page.status()).isEqualTo(200);
            Map<String, String> policy = policy(page);
            assertThat(policy).containsEntry("default-src", "'none'")
                    .containsEntry("script-src", "'self'")
                    .containsEntry("style-src", "'self' 'unsafe-inline'")
                    .containsEntry("img-src", "'self' data:")
                    .containsEntry("connect-src", "'self'")
                    .containsEntry("frame-ancestors", "'none'");
            assertThat(page.header("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.header("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void theDocsPageHasNoInlineScriptForThePolicyToForbid() {
        String html = api.get("/docs").send().body();

        assertThat(html).containsPattern("<script src=\"/docs/[^\"]+\"></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]")
                .doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void everyAnswerRunsNothingIsNotSniffedAndLeaksNoReferrer() {
        for (Response response : List.of(
                api.get("/users/me").as(account).send(),
                api.get("/users/me").send(),
                api.get("/nothing-here").send(),
                api.get("/docs/swagger-ui-bundle.js").send(),
                api.get("/openapi").send(),
                api.get("/observe/health").send())) {
            assertThat(response.header("X-Content-Type-Options")).as(response.body()).hasValue("nosniff");
            assertThat(response.header("Referrer-Policy")).hasValue("no-referrer");
            assertThat(policy(response)).containsEntry("default-src", "'none'").containsEntry("frame-ancestors", "'none'");
        }
    }

    @Test
    void authenticatedAnswersAreNeverStored() {
        for (Response response : List.of(
                api.get("/users/me").as(account).send(),
                api.get("/sessions").as(account).send(),
                api.post("/sessions").as(account).send(),
                api.get("/sessions/0").as(account).send())) {
            assertThat(response.header("Cache-Control")).as(response.body()).hasValue("no-store");
        }
    }

    /** The Content-Security-Policy's directives by name. */
    private static Map<String, String> policy(Response response) {
        String header = response.header("Content-Security-Policy").orElse("");
        return Arrays.stream(header.split(";"))
                .map(String::strip)
                .filter(directive -> !directive.isEmpty())
                .collect(Collectors.toMap(
                        directive -> directive.split(" ", 2)[0],
                        directive -> directive.contains(" ") ? directive.split(" ", 2)[1] : ""));
    }
}
