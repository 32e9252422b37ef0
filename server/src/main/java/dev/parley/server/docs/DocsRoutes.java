package dev.parley.server.docs;

import dev.parley.server.http.ResponseHeaders;
import dev.parley.server.http.RouteTable;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The API documentation pages.
 * <ul>
 *   <li>{@code GET /} redirects to {@code /docs}</li>
 *   <li>{@code GET /docs} (and {@code /docs/}) the Swagger UI page; {@code /docs/*} its assets from the
 *   webjar, except {@code /docs/swagger-initializer.js}, ours, which renders Parley's document</li>
 * </ul>
 * The OpenAPI document itself ({@code /openapi}) is served by Helidon's OpenAPI feature.
 */
public final class DocsRoutes implements HttpService {

    /**
     * What the page may load: its own scripts, styles and images from this server (Swagger UI sets
     * inline styles, and draws icons as data: URLs), and calls to this server's API; it runs no
     * inline script and may not be framed.
     */
    private static final Header PAGE_POLICY = HeaderValues.createCached(
            ResponseHeaders.CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");

    private final byte[] page = resource("docs/index.html");
    private final byte[] script = resource("docs/swagger-initializer.js");
    private final HttpService swaggerUi = StaticContentFeature.createService(ClasspathHandlerConfig.builder()
            .location("META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion())
            .build());

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .get("/", this::redirectToDocs)
                .get("/docs", this::page)
                .get("/docs/", this::page)
                .get("/docs/index.html", this::page)
                // Before the webjar's assets: its own initializer would render Swagger's demo API.
                .get("/docs/swagger-initializer.js", this::script)
                .answerOtherMethodsWith405();
        rules.register("/docs", swaggerUi);
    }

    private void redirectToDocs(ServerRequest req, ServerResponse res) {
        res.status(Status.FOUND_302).header(HeaderNames.LOCATION, "/docs").send();
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.headers().contentType(MediaTypes.TEXT_HTML);
        res.header(PAGE_POLICY);
        res.send(page);
    }

    private void script(ServerRequest req, ServerResponse res) {
        res.headers().contentType(MediaTypes.APPLICATION_JAVASCRIPT);
        res.header(HeaderValues.CACHE_NO_CACHE);
        res.send(script);
    }

    /** The webjar's version, from its own Maven metadata, so the POM names it once. */
    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing from the server jar: " + name);
        }
        return in;
    }
}
