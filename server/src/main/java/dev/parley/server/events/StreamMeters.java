package dev.parley.server.events;

import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;

/** What the event streams count: events written to their clients, and streams the server ended, by why. */
final class StreamMeters {

    private final Counter delivered;
    /** By {@link Subscription.End}'s ordinal. */
    private final Counter[] ended;

    StreamMeters(Meters meters) {
        this.delivered = meters.counter(
                "parley.events.delivered",
                "Events written to event streams (replayed ones included), one per stream that got it.");
        Subscription.End[] reasons = Subscription.End.values();
        this.ended = new Counter[reasons.length];
        for (Subscription.End reason : reasons) {
            ended[reason.ordinal()] = meters.counter(
                    "parley.events.streams.ended",
                    "Event streams the server ended, "
                            + "by reason; fell_behind: its client read too slowly and resumes with Last-Event-ID.",
                    "reason",
                    reason.reason());
        }
    }

    void delivered(int events) {
        if (events > 0) {
            delivered.increment(events);
        }
    }

    void ended(Subscription.End reason) {
        ended[reason.ordinal()].increment();
    }
}
