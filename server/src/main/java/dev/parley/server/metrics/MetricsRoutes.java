package dev.parley.server.metrics;

import dev.parley.server.http.RouteTable;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MeterRegistryFormatter;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.spi.MeterRegistryFormatterProvider;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code GET /observe/metrics}: every meter of the registry in Prometheus' text format (version
 * 0.0.4, which every Prometheus reads), written by Helidon's own formatter.
 *
 * <p>A route of Parley's rather than Helidon's metrics observer: the observer also puts a filter in
 * front of every request, which looks up and registers entries in the request's context, counts the
 * request in a counter of its own and runs post-request tasks. That cost {@code GET /users/me} about
 * 5% of its rate (benchmark/README.md), for a count that {@code parley_http_request_duration_seconds}
 * already has.
 */
public final class MetricsRoutes implements HttpService {

    private static final MediaType PROMETHEUS_TEXT = MediaTypes.create("text/plain; version=0.0.4; charset=utf-8");

    private final MeterRegistryFormatter formatter;

    /** The meters of {@code registry}, made with {@code config}. */
    public MetricsRoutes(MeterRegistry registry, MetricsConfig config) {
        this.formatter = ServiceLoader.load(MeterRegistryFormatterProvider.class).stream()
                .flatMap(provider -> provider
                        .get()
                        .formatter(
                                MediaTypes.TEXT_PLAIN,
                                config,
                                registry,
                                config.scoping().tagName(),
                                List.of(),
                                List.of())
                        .stream())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no Prometheus formatter for the metrics (helidon-metrics-providers-micrometer)"));
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules).get("/observe/metrics", this::metrics).answerOtherMethodsWith405();
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.CACHE_NO_CACHE);
        res.headers().contentType(PROMETHEUS_TEXT);
        // The formatter reads every meter afresh at each call.
        res.send(formatter.format().map(Object::toString).orElse(""));
    }
}
