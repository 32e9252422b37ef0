package dev.parley.server.events;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog of the open streams' writes. A client that stops reading (TCP window zero) blocks its
 * stream's writer in a write for as long as it likes; the writer can then neither notice that it
 * fell behind nor check its token, and its slot, subscription and connection would be held for
 * ever. So a stream in a write for {@code writeTimeout} is cut as {@code fell_behind}, and one in
 * a write for a whole check period is cut as soon as its token has expired or been revoked (its
 * writer checks that itself only between writes).
 * <p>
 * One thread checks every stream each period, rather than a timer per stream: a timer would be
 * set and cancelled around every write of every stream (thousands a second), where one pass over at
 * most {@code parley.events.max-streams} entries a second costs next to nothing, and seconds are
 * all the precision a deadline of seconds needs.
 */
final class StalledStreams {

    private final long writeTimeoutNanos;
    private final long checkEveryNanos;
    private final StreamMeters meters;
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService checker;

    /** Checks every quarter of {@code writeTimeout}, and at least once a second for the tokens. */
    StalledStreams(Duration writeTimeout, StreamMeters meters) {
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.checkEveryNanos = Math.clamp(
                writeTimeout.toNanos() / 4,
                Duration.ofMillis(100).toNanos(),
                Duration.ofSeconds(1).toNanos());
        this.meters = meters;
    }

    /** Starts the checks; the webserver calls it through {@link EventRoutes#beforeStart()}. */
    void start() {
        checker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-stalled-streams").factory());
        checker.scheduleWithFixedDelay(this::check, checkEveryNanos, checkEveryNanos, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    void watch(OpenStream stream) {
        open.add(stream);
    }

    void forget(OpenStream stream) {
        open.remove(stream);
    }

    private void check() {
        long now = System.nanoTime();
        for (OpenStream stream : open) {
            long writingFor = stream.writingFor(now);
            try {
                Optional<Subscription.End> why = writingFor >= writeTimeoutNanos
                        ? Optional.of(Subscription.End.FELL_BEHIND)
                        : writingFor >= checkEveryNanos ? stream.tokenEnd() : Optional.empty();
                if (why.isPresent()) {
                    open.remove(stream);
                    stream.cut(why.get(), meters);
                }
            } catch (RuntimeException e) {
                // The token check could not reach the database: the next check tries again. Thrown on,
                // it would stop every check to come.
            }
        }
    }
}
