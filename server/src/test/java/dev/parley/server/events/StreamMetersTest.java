package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.MeterReadings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the streams count: every event written, and each ended stream under its own reason. */
class StreamMetersTest {

    private static final String DELIVERED = "parley.events.delivered";
    private static final String ENDED = "parley.events.streams.ended";

    private final MeterReadings readings = new MeterReadings();
    private final StreamMeters meters = new StreamMeters(readings.meters());

    @AfterEach
    void close() {
        readings.close();
    }

    @Test
    void deliveredCountsEveryEventWrittenAndNothingForAnEmptyBatch() {
        meters.delivered(3);
        meters.delivered(0);
        meters.delivered(1);

        assertThat(readings.count(DELIVERED)).isEqualTo(4);
    }

    @Test
    void endedCountsEachStreamUnderItsReasonOnly() {
        meters.ended(Subscription.End.FELL_BEHIND);
        meters.ended(Subscription.End.FELL_BEHIND);
        meters.ended(Subscription.End.LOGGED_OUT);

        assertThat(readings.count(ENDED, "reason", "fell_behind")).isEqualTo(2);
        assertThat(readings.count(ENDED, "reason", "logged_out")).isEqualTo(1);
        for (Subscription.End other : Subscription.End.values()) {
            if (other != Subscription.End.FELL_BEHIND && other != Subscription.End.LOGGED_OUT) {
                assertThat(readings.count(ENDED, "reason", other.reason()))
                        .as(other.reason())
                        .isZero();
            }
        }
    }
}
