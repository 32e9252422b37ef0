package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.Meters;
import io.helidon.http.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The caps on open streams: per user and per address 429, on the whole server 503, each at its exact
 * maximum; a refused stream holds nothing, and a released one makes room again.
 */
class StreamQuotaTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final String HOME = "192.0.2.1";
    private static final String OFFICE = "192.0.2.2";

    @Test
    void aUserOpensUpToTheirMaximumAndTheNextIsRefusedWith429() {
        StreamQuota quota = new StreamQuota(2, 10, 10, Meters.none());
        quota.acquire(ALICE, HOME);
        quota.acquire(ALICE, OFFICE);

        assertRefused(() -> quota.acquire(ALICE, HOME), Status.TOO_MANY_REQUESTS_429, "you have 2 event streams", 5);
        quota.acquire(BOB, HOME);
    }

    @Test
    void anAddressOpensUpToItsMaximumAndTheNextIsRefusedWith429() {
        StreamQuota quota = new StreamQuota(10, 2, 10, Meters.none());
        quota.acquire(ALICE, HOME);
        quota.acquire(BOB, HOME);

        assertRefused(
                () -> quota.acquire(3, HOME), Status.TOO_MANY_REQUESTS_429, "your address has 2 event streams", 5);
        quota.acquire(3, OFFICE);
    }

    @Test
    void theServerOpensUpToItsMaximumAndTheNextIsRefusedWith503() {
        StreamQuota quota = new StreamQuota(10, 10, 2, Meters.none());
        quota.acquire(ALICE, HOME);
        quota.acquire(BOB, OFFICE);

        assertRefused(
                () -> quota.acquire(3, "192.0.2.3"),
                Status.SERVICE_UNAVAILABLE_503,
                "the server holds 2 event streams",
                10);
    }

    @Test
    void aStreamRefusedForItsUserHoldsNoRoomOfItsAddressOrOfTheServer() {
        StreamQuota quota = new StreamQuota(1, 2, 2, Meters.none());
        quota.acquire(ALICE, HOME);
        for (int i = 0; i < 3; i++) {
            assertRefused(() -> quota.acquire(ALICE, HOME), Status.TOO_MANY_REQUESTS_429, "you have 1", 5);
        }

        quota.acquire(BOB, HOME);
    }

    @Test
    void aStreamRefusedForItsAddressHoldsNoRoomOfTheServer() {
        StreamQuota quota = new StreamQuota(10, 1, 2, Meters.none());
        quota.acquire(ALICE, HOME);
        for (int i = 0; i < 3; i++) {
            assertRefused(() -> quota.acquire(BOB, HOME), Status.TOO_MANY_REQUESTS_429, "your address has 1", 5);
        }

        quota.acquire(BOB, OFFICE);
    }

    @Test
    void aStreamRefusedByTheServerHoldsNoRoom() {
        StreamQuota quota = new StreamQuota(10, 10, 1, Meters.none());
        quota.acquire(ALICE, HOME);
        for (int i = 0; i < 3; i++) {
            assertRefused(() -> quota.acquire(BOB, OFFICE), Status.SERVICE_UNAVAILABLE_503, "the server holds 1", 10);
        }

        quota.release(ALICE, HOME);
        quota.acquire(BOB, OFFICE);
    }

    @Test
    void releasedStreamsMakeRoomForTheirUserTheirAddressAndTheServerAgain() {
        StreamQuota quota = new StreamQuota(2, 2, 2, Meters.none());
        quota.acquire(ALICE, HOME);
        quota.acquire(ALICE, HOME);

        quota.release(ALICE, HOME);
        quota.acquire(ALICE, HOME);
        assertRefused(() -> quota.acquire(ALICE, HOME), Status.SERVICE_UNAVAILABLE_503, "the server holds 2", 10);
        quota.release(ALICE, HOME);
        quota.release(ALICE, HOME);

        quota.acquire(ALICE, HOME);
        quota.acquire(ALICE, HOME);
    }

    @Test
    void aReleasedStreamMakesRoomForOneMoreOnly() {
        StreamQuota quota = new StreamQuota(3, 10, 10, Meters.none());
        quota.acquire(ALICE, HOME);
        quota.acquire(ALICE, OFFICE);
        quota.acquire(ALICE, HOME);

        quota.release(ALICE, HOME);
        quota.acquire(ALICE, OFFICE);

        assertRefused(() -> quota.acquire(ALICE, OFFICE), Status.TOO_MANY_REQUESTS_429, "you have 3", 5);
    }

    private static void assertRefused(Runnable acquire, Status status, String detail, int retryAfterSeconds) {
        assertThatThrownBy(acquire::run)
                .isInstanceOf(ApiException.RetryLater.class)
                .hasMessageContaining(detail)
                .satisfies(e -> {
                    ApiException.RetryLater refused = (ApiException.RetryLater) e;
                    assertThat(refused.status()).isEqualTo(status);
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(retryAfterSeconds));
                });
    }
}
