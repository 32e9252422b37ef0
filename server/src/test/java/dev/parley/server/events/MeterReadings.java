package dev.parley.server.events;

import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Meters} made in a registry of a test's own, not Helidon's global one (which a server started
 * in the same JVM would share), and their values read back by name and labels.
 */
final class MeterReadings implements AutoCloseable {

    /** Without the warning Helidon logs (with two stack traces) for every registry made after the first. */
    private final MeterRegistry registry = MeterRegistry.create(
            MetricsConfig.builder().warnOnMultipleRegistries(false).build());

    private final Meters meters = Meters.in(registry);

    Meters meters() {
        return meters;
    }

    /** A counter's count; fails when no such counter was made. */
    long count(String name, String... labels) {
        return registry.counter(name, tags(labels))
                .orElseThrow(() -> new AssertionError("no counter " + name + " " + List.of(labels)))
                .count();
    }

    /** A gauge's value now; fails when no such gauge was made. */
    double gauge(String name, String... labels) {
        return registry.gauge(name, tags(labels))
                .map(gauge -> gauge.value().doubleValue())
                .orElseThrow(() -> new AssertionError("no gauge " + name + " " + List.of(labels)));
    }

    @Override
    public void close() {
        meters.close();
        registry.close();
    }

    private static List<Tag> tags(String... labels) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            tags.add(Tag.create(labels[i], labels[i + 1]));
        }
        return tags;
    }
}
