package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.ApiException;
import dev.parley.server.testing.MeterReadings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the stream caps count: each refusal under the one limit that refused it (the panel of
 * refusals tells the three apart), and the streams open now.
 */
class StreamQuotaRefusalsTest {

    private static final String REFUSALS = "parley.refusals";
    private static final String OPEN = "parley.events.streams.open";
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final String HOME = "192.0.2.1";
    private static final String OFFICE = "192.0.2.2";

    private final MeterReadings readings = new MeterReadings();

    @AfterEach
    void close() {
        readings.close();
    }

    @Test
    void aRefusalForTheUserIsCountedAsPerUserOnly() {
        StreamQuota quota = new StreamQuota(1, 10, 10, readings.meters());
        quota.acquire(ALICE, HOME);

        refuse(() -> quota.acquire(ALICE, OFFICE));
        refuse(() -> quota.acquire(ALICE, OFFICE));

        assertRefusals(2, 0, 0);
    }

    @Test
    void aRefusalForTheAddressIsCountedAsPerAddressOnly() {
        StreamQuota quota = new StreamQuota(10, 1, 10, readings.meters());
        quota.acquire(ALICE, HOME);

        refuse(() -> quota.acquire(BOB, HOME));

        assertRefusals(0, 1, 0);
    }

    @Test
    void aRefusalByTheServerIsCountedAsServerOnly() {
        StreamQuota quota = new StreamQuota(10, 10, 1, readings.meters());
        quota.acquire(ALICE, HOME);

        refuse(() -> quota.acquire(BOB, OFFICE));

        assertRefusals(0, 0, 1);
    }

    @Test
    void theGaugeShowsTheStreamsHeldNowRefusedOnesNot() {
        StreamQuota quota = new StreamQuota(1, 10, 10, readings.meters());
        assertThat(readings.gauge(OPEN)).isZero();

        quota.acquire(ALICE, HOME);
        quota.acquire(BOB, HOME);
        refuse(() -> quota.acquire(ALICE, OFFICE));
        assertThat(readings.gauge(OPEN)).isEqualTo(2);

        quota.release(ALICE, HOME);
        assertThat(readings.gauge(OPEN)).isEqualTo(1);
    }

    private static void refuse(Runnable acquire) {
        assertThatThrownBy(acquire::run).isInstanceOf(ApiException.RetryLater.class);
    }

    private void assertRefusals(long perUser, long perAddress, long server) {
        assertThat(readings.count(REFUSALS, "kind", "stream_cap", "limit", "per_user"))
                .as("per_user")
                .isEqualTo(perUser);
        assertThat(readings.count(REFUSALS, "kind", "stream_cap", "limit", "per_address"))
                .as("per_address")
                .isEqualTo(perAddress);
        assertThat(readings.count(REFUSALS, "kind", "stream_cap", "limit", "server"))
                .as("server")
                .isEqualTo(server);
    }
}
