package dev.parley.server.testing;

import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Meters} made as a server makes them, in Helidon's registry, and their values read back by
 * name and labels. A registry made apart ({@code MeterRegistry.create}) would not be the test's own:
 * it keeps its meters in Micrometer's global registry too, and replaces the settings a server's start
 * compares. {@code Meters} replaces any meter of the same name made before, so counts start at zero,
 * and {@link #close} removes its meters again.
 */
public final class MeterReadings implements AutoCloseable {

    private final MeterRegistry registry = Services.get(MetricsFactory.class).globalRegistry();

    private final Meters meters = Meters.in(registry);

    public Meters meters() {
        return meters;
    }

    /** A counter's count; fails when no such counter was made. */
    public long count(String name, String... labels) {
        return registry.counter(name, tags(labels))
                .orElseThrow(() -> new AssertionError("no counter " + name + " " + List.of(labels)))
                .count();
    }

    /** A gauge's value now; fails when no such gauge was made. */
    public double gauge(String name, String... labels) {
        return registry.gauge(name, tags(labels))
                .map(gauge -> gauge.value().doubleValue())
                .orElseThrow(() -> new AssertionError("no gauge " + name + " " + List.of(labels)));
    }

    @Override
    public void close() {
        meters.close();
    }

    private static List<Tag> tags(String... labels) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            tags.add(Tag.create(labels[i], labels[i + 1]));
        }
        return tags;
    }
}
