package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

/** The documentation pages, the OpenAPI document, health and metrics. */
abstract class DocsAndOperationsFlows extends FlowSuite {

    @Test
    void theRootRedirectsToTheDocs() {
        Response response = api().get("/").send();

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).hasValue("/docs");
    }

    @Test
    void theDocsPageIsHtml() {
        Response response = api().get("/docs").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body()).containsIgnoringCase("<html");
    }

    @Test
    void swaggerUiIsServedFromTheServersOwnJar() {
        Response css = api().get("/docs/swagger-ui.css").send();
        Response bundle = api().get("/docs/swagger-ui-bundle.js").send();
        Response page = api().get("/docs").send();

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContainPattern("(src|href)=\"https?://");
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Response response = api().get("/openapi").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("openapi: 3.1").contains("/sessions/{id}/messages").contains("/token");
    }

    @Test
    void healthReportsTheDatabaseUp() {
        Response response = api().get("/observe/health").send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks").valueStream()
                .filter(check -> check.path("name").asText().equals("database"))
                .map(check -> check.path("status").asText()))
                .containsExactly("UP");
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        Response response = api().get("/observe/metrics").header("Accept", "text/plain").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.body()).containsPattern("(?m)^# TYPE \\S+ (counter|gauge|summary|histogram)");
    }

    @Test
    void metricsAreInPrometheusTextFormatWhenTheClientNamesNoType() {
        Response response = api().get("/observe/metrics").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
    }
}
