package dev.parley.server.testing;

import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** A histogram's (distribution summary's) count, total and max; fails when no such histogram was made. */
    public Histogram histogram(String name, String... labels) {
        return registry.summary(name, tags(labels))
                .map(summary -> new Histogram(summary.count(), summary.totalAmount(), summary.max()))
                .orElseThrow(() -> new AssertionError("no histogram " + name + " " + List.of(labels)));
    }

    /** A timer's count, and its total and longest time in seconds; fails when no such timer was made. */
    public Histogram timer(String name, String... labels) {
        return registry.timer(name, tags(labels))
                .map(timer -> new Histogram(
                        timer.count(),
                        timer.totalTime(TimeUnit.NANOSECONDS) / 1e9,
                        timer.max(TimeUnit.NANOSECONDS) / 1e9))
                .orElseThrow(() -> new AssertionError("no timer " + name + " " + List.of(labels)));
    }

    /** What a histogram or timer recorded: how many values, their sum and the largest. */
    public record Histogram(long count, double total, double max) {}

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
