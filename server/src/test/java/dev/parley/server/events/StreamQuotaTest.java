package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.ApiException;
import org.junit.jupiter.api.Test;

/** The stream caps: per user (429) and on the whole server (503), each stream given back on release. */
class StreamQuotaTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    @Test
    void aUserGetsUpToTheirShareThenTooManyRequestsUntilOneIsReleased() {
        StreamQuota quota = new StreamQuota(2, 100);
        quota.acquire(ALICE);
        quota.acquire(ALICE);

        assertThatThrownBy(() -> quota.acquire(ALICE)).isInstanceOf(ApiException.TooManyRequests.class)
                .hasMessageContaining("2 event streams");
        assertThatCode(() -> quota.acquire(BOB)).as("another user's share is their own").doesNotThrowAnyException();

        quota.release(ALICE);
        assertThatCode(() -> quota.acquire(ALICE)).doesNotThrowAnyException();
    }

    @Test
    void theServerHoldsItsMaximumThenServiceUnavailableUntilOneIsReleased() {
        StreamQuota quota = new StreamQuota(10, 2);
        quota.acquire(ALICE);
        quota.acquire(BOB);

        assertThatThrownBy(() -> quota.acquire(CAROL)).isInstanceOf(ApiException.ServiceUnavailable.class)
                .hasMessageContaining("2 event streams");

        quota.release(BOB);
        assertThatCode(() -> quota.acquire(CAROL)).doesNotThrowAnyException();
    }

    @Test
    void aRefusalTakesNothingFromTheServersCount() {
        StreamQuota quota = new StreamQuota(1, 2);
        quota.acquire(ALICE);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> quota.acquire(ALICE)).isInstanceOf(ApiException.TooManyRequests.class);
        }

        assertThatCode(() -> quota.acquire(BOB)).as("refusals of Alice's gave their server-wide place back")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> quota.acquire(CAROL)).isInstanceOf(ApiException.ServiceUnavailable.class);
    }

    @Test
    void releasingAUsersLastStreamForgetsThem() {
        StreamQuota quota = new StreamQuota(1, 10);
        quota.acquire(ALICE);
        quota.release(ALICE);
        quota.acquire(ALICE);

        assertThatThrownBy(() -> quota.acquire(ALICE)).isInstanceOf(ApiException.TooManyRequests.class);
    }
}
