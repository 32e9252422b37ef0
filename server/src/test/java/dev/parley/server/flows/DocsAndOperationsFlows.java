package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.NewMember;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.List;
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
    void theDocsPageIsServedWithATrailingSlashToo() {
        Response response = api().get("/docs/").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(api().get("/docs").send().body());
    }

    /** The webjar's own swagger-initializer.js renders the petstore; the one served must render Parley. */
    @Test
    void theServedSwaggerInitializerRendersParleysDocument() {
        Response script = api().get("/docs/swagger-initializer.js").send();

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("application/javascript");
        assertThat(script.body()).contains("url: \"/openapi\"").doesNotContainIgnoringCase("petstore");
        assertThat(api().get("/docs").send().body()).contains("<script src=\"/docs/swagger-initializer.js\"></script>");
    }

    /**
     * Swagger UI fills a parameter's own {@code example}, {@code examples} and its schema's
     * {@code example} and {@code default} into "Try it out": for these headers every post would
     * carry one key, and every stream request one stale Last-Event-ID.
     */
    @Test
    void swaggerUiFindsNothingToPrefillTheIdempotencyKeyOrTheLastEventIdWith() {
        JsonNode parameters = openApiDocument().path("components").path("parameters");

        for (String name : List.of("IdempotencyKey", "LastEventId")) {
            JsonNode parameter = parameters.path(name);
            assertThat(parameter.isObject()).as(name).isTrue();
            assertThat(fieldNames(parameter)).as(name).doesNotContain("example", "examples", "content");
            assertThat(fieldNames(parameter.path("schema"))).as(name).doesNotContain("example", "default");
        }
    }

    @Test
    void theStreamOperationsSayThatSwaggerUiCannotShowThem() {
        JsonNode paths = openApiDocument().path("paths");

        for (String path : List.of("/sessions/{id}/events", "/events")) {
            assertThat(paths.path(path).path("get").path("description").asText())
                    .as(path)
                    .contains("Swagger UI cannot show a stream")
                    .contains("curl -N")
                    .contains("ticket");
        }
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
        assertThat(response.body())
                .contains("openapi: 3.1")
                .contains("/sessions/{id}/messages")
                .contains("/token");
    }

    @Test
    void theOpenApiDocumentListsTheMemberReadMarkerAndEventPaths() {
        JsonNode paths = openApiDocument().path("paths");

        assertThat(fieldNames(paths))
                .contains(
                        "/sessions/{id}/members",
                        "/sessions/{id}/members/{user_id}",
                        "/sessions/{id}/read",
                        "/sessions/{id}/events",
                        "/events");
        assertThat(fieldNames(paths.path("/sessions/{id}/members"))).contains("post", "get");
        assertThat(fieldNames(paths.path("/sessions/{id}/members/{user_id}"))).contains("delete");
        assertThat(fieldNames(paths.path("/sessions/{id}/read"))).contains("put");
    }

    /** The document's schemas and the server's answers must not drift apart, field by field. */
    @Test
    void aSessionAndAMemberHaveExactlyTheFieldsTheDocumentDescribes() {
        JsonNode schemas = openApiDocument().path("components").path("schemas");
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Shapes");
        postMessage(owner, session.id(), "so that every optional field of the session has a value");

        JsonNode added = api().post("/sessions/" + session.id() + "/members")
                .as(owner)
                .json(new NewMember(member.email()))
                .send()
                .json();
        JsonNode seen = api().get("/sessions/" + session.id()).as(owner).send().json();

        assertThat(fieldNames(seen))
                .containsExactlyInAnyOrderElementsOf(
                        fieldNames(schemas.path("Session").path("properties")));
        assertThat(fieldNames(added))
                .containsExactlyInAnyOrderElementsOf(
                        fieldNames(schemas.path("Member").path("properties")));
        assertThat(schemas.path("Member")
                        .path("properties")
                        .path("role")
                        .path("enum")
                        .valueStream()
                        .map(JsonNode::asText))
                .contains(added.path("role").asText());
    }

    @Test
    void healthReportsTheDatabaseUp() {
        Response response = api().get("/observe/health").send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("checks")
                        .valueStream()
                        .filter(check -> check.path("name").asText().equals("database"))
                        .map(check -> check.path("status").asText()))
                .containsExactly("UP");
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        Response response =
                api().get("/observe/metrics").header("Accept", "text/plain").send();

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
