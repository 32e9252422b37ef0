package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.NewMember;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient.Account;
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
    void theOpenApiDocumentListsTheMemberReadMarkerAndEventPaths() {
        JsonNode paths = openApiDocument().path("paths");

        assertThat(fieldNames(paths)).contains("/sessions/{id}/members", "/sessions/{id}/members/{user_id}",
                "/sessions/{id}/read", "/sessions/{id}/events", "/events");
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

        JsonNode added = api().post("/sessions/" + session.id() + "/members").as(owner)
                .json(new NewMember(member.email())).send().json();
        JsonNode seen = api().get("/sessions/" + session.id()).as(owner).send().json();

        assertThat(fieldNames(seen))
                .containsExactlyInAnyOrderElementsOf(fieldNames(schemas.path("Session").path("properties")));
        assertThat(fieldNames(added))
                .containsExactlyInAnyOrderElementsOf(fieldNames(schemas.path("Member").path("properties")));
        assertThat(schemas.path("Member").path("properties").path("role").path("enum").valueStream().map(JsonNode::asText))
                .contains(added.path("role").asText());
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
