package dev.parley.server.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The meters of one running server, made in Helidon's registry and removed from it again when the
 * server stops. Helidon keeps one registry per JVM: without the removal, a server started after
 * another in the same JVM (as tests do) would be handed the first one's gauges, still reading the
 * first one's queues. Of two servers running at once in one JVM, the later one's meters replace the
 * earlier one's. Features get their meters here once, at start, and keep them in fields: the hot
 * paths only count and time.
 *
 * <p>Names are dotted ({@code parley.writer.batch.size}); the Prometheus exposition turns the dots
 * into underscores, adds {@code _total} to counters and {@code _seconds} to timers. {@code labels}
 * are name/value pairs, each value one of a few known ones: never an id or a raw path.
 */
public final class Meters implements AutoCloseable {

    private final Optional<MeterRegistry> registry;
    /** Guarded by this. */
    private final List<Meter> made = new ArrayList<>();

    private Meters(Optional<MeterRegistry> registry) {
        this.registry = registry;
    }

    /** Meters registered in {@code registry}, and so shown at {@code /observe/metrics}. */
    public static Meters in(MeterRegistry registry) {
        return new Meters(Optional.of(registry));
    }

    /** Meters that count nothing and are shown nowhere: for a database opened by a command, or a test. */
    public static Meters none() {
        return new Meters(Optional.empty());
    }

    public Counter counter(String name, String help, String... labels) {
        return make(Counter.builder(name).description(help), labels);
    }

    /** A counter whose count {@code count} keeps (one that only grows). */
    public void counter(String name, String help, LongSupplier count, String... labels) {
        make(FunctionalCounter.builder(name, count, LongSupplier::getAsLong).description(help), labels);
    }

    public void gauge(String name, String help, Supplier<? extends Number> value, String... labels) {
        make(Gauge.builder(name, () -> value.get().doubleValue()).description(help), labels);
    }

    /**
     * A histogram of durations, in seconds, with these bucket bounds (and +Inf). Without the percentiles
     * Helidon adds by default: Prometheus computes them from the buckets (histogram_quantile), across
     * servers too, and the server's own would cost every record and break the exposition's rules.
     */
    public Timer timer(String name, String help, List<Duration> buckets, String... labels) {
        return make(
                Timer.builder(name)
                        .description(help)
                        .percentiles(new double[0])
                        .buckets(buckets.toArray(Duration[]::new)),
                labels);
    }

    /** A histogram of counts (batch sizes, say) with these bucket bounds (and +Inf), as {@link #timer}. */
    public DistributionSummary histogram(String name, String help, double[] buckets, String... labels) {
        return make(
                DistributionSummary.builder(
                                name,
                                DistributionStatisticsConfig.builder()
                                        .percentiles(new double[0])
                                        .buckets(buckets))
                        .description(help),
                labels);
    }

    /**
     * The refusals of one limit, all in one family ({@code parley_refusals_total}) so that a panel shows
     * every refusal: {@code kind} is {@code rate_limit}, {@code login_throttle} or {@code stream_cap},
     * {@code limit} which limit of that kind.
     */
    public Counter refusals(String kind, String limit) {
        return counter(
                "parley.refusals",
                "Requests refused by a limit, by kind (rate_limit, login_throttle, "
                        + "stream_cap) and which limit of that kind.",
                "kind",
                kind,
                "limit",
                limit);
    }

    /** Bucket bounds of a {@link #timer}, given in seconds. */
    public static List<Duration> seconds(double... bounds) {
        return Arrays.stream(bounds)
                .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
                .toList();
    }

    /** Takes one of Helidon's own JVM meters ({@code base} scope) out of the registry. */
    public void removeBuiltIn(String name) {
        registry.ifPresent(r -> r.remove(name, List.of(), Meter.Scope.BASE));
    }

    /** Removes every meter made here from the registry, but those another server's have replaced. */
    @Override
    public synchronized void close() {
        registry.ifPresent(
                r -> made.stream().filter(meter -> !r.isDeleted(meter)).forEach(r::remove));
        made.clear();
    }

    /** Made one at a time: a meter of another server is told from one made here by a look-up. */
    @SuppressWarnings("unchecked")
    private synchronized <B extends Meter.Builder<B, M>, M extends Meter> M make(
            Meter.Builder<?, ?> builder, String... labels) {
        List<Tag> tags = tags(labels);
        builder.tags(tags);
        if (registry.isEmpty()) {
            return (M) Services.get(MetricsFactory.class).noOpMeter(builder);
        }
        MeterRegistry r = registry.get();
        r.meter(Meter.class, builder.name(), tags)
                .filter(existing -> !made.contains(existing))
                .ifPresent(r::remove);
        M meter = r.getOrCreate((B) builder);
        made.add(meter);
        return meter;
    }

    private static List<Tag> tags(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        List<Tag> tags = new ArrayList<>(labels.length / 2);
        for (int i = 0; i < labels.length; i += 2) {
            tags.add(Tag.create(labels[i], labels[i + 1]));
        }
        return tags;
    }
}
