package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.StartedServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The headers that keep a browser from misusing Parley's answers: the documentation page runs only
 * its own scripts and may not be framed, and no answer is sniffed, cached or leaks a referrer.
 */
class SecurityHeadersTest {

    @RegisterExtension
    static final StartedServer started = StartedServer.withDefaults();

    @Test
    void theDocsPageRunsOnlyItsOwnScriptsAndCannotBeFramed() {
        for (String path : List.of("/docs", "/docs/index.html")) {
            Response page = started.api().get(path).send();

            assertThat(page.status()).isEqualTo(200);
            Map<String, String> policy = policy(page);
            assertThat(policy)
                    .containsEntry("default-src", "'none'")
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
        String html = started.api().get("/docs").send().body();

        assertThat(html)
                .containsPattern("<script src=\"/docs/[^\"]+\"></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]")
                .doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void everyAnswerRunsNothingIsNotSniffedAndLeaksNoReferrer() {
        for (Response response : List.of(
                started.api().get("/users/me").as(started.owner()).send(),
                started.api().get("/users/me").send(),
                started.api().get("/nothing-here").send(),
                started.api().get("/docs/swagger-ui-bundle.js").send(),
                started.api().get("/openapi").send(),
                started.api().get("/observe/health").send())) {
            assertThat(response.header("X-Content-Type-Options"))
                    .as(response.body())
                    .hasValue("nosniff");
            assertThat(response.header("Referrer-Policy")).hasValue("no-referrer");
            assertThat(policy(response))
                    .containsEntry("default-src", "'none'")
                    .containsEntry("frame-ancestors", "'none'");
        }
    }

    @Test
    void authenticatedAnswersAreNeverStored() {
        for (Response response : List.of(
                started.api().get("/users/me").as(started.owner()).send(),
                started.api().get("/sessions").as(started.owner()).send(),
                started.api().post("/sessions").as(started.owner()).send(),
                started.api().get("/sessions/0").as(started.owner()).send())) {
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
