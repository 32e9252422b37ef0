package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyConfig;
import dev.parley.server.http.OAuthFailure;
import dev.parley.server.metrics.Meters;
import io.helidon.http.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String HOME = "192.0.2.1";
    private static final String ELSEWHERE = "198.51.100.7";
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T21:00:00Z"));
    private final LoginThrottle throttle =
            new LoginThrottle(new ParleyConfig.LoginThrottle(5, 3, WINDOW, List.of()), clock, Meters.none());

    @Test
    void failuresBelowTheMaximumAreNotThrottled() {
        fail(HOME, "ada", 2);

        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void anAccountAtItsMaximumIsThrottledForWhatIsLeftOfTheWindow() {
        fail(HOME, "ada", 3);
        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> throttle.begin(HOME, "ada")).isInstanceOfSatisfying(OAuthFailure.class, e -> {
            assertThat(e.status()).isEqualTo(Status.TOO_MANY_REQUESTS_429);
            assertThat(e.retryAfter()).hasValue(Duration.ofMinutes(10));
        });
    }

    @Test
    void theWindowRunsFromTheFirstFailure() {
        fail(HOME, "ada", 2);
        clock.advance(Duration.ofMinutes(14));
        fail(HOME, "ada", 1);

        assertThatThrownBy(() -> throttle.begin(HOME, "ada")).isInstanceOf(OAuthFailure.class);
        clock.advance(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void theThrottleEndsWithTheWindow() {
        fail(HOME, "ada", 3);

        clock.advance(WINDOW);

        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessfulLogInClearsTheAccountsFailures() {
        fail(HOME, "ada", 2);
        throttle.begin(HOME, "ada").succeeded();
        fail(HOME, "ada", 2);

        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void aGuesserElsewhereDoesNotLockTheOwnerOut() {
        fail(ELSEWHERE, "ada", 3);

        assertThatThrownBy(() -> throttle.begin(ELSEWHERE, "ada")).isInstanceOf(OAuthFailure.class);
        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void anAddressFailingOnManyAccountsIsThrottledForEveryAccount() {
        for (String account : new String[] {"a", "b", "c", "d", "e"}) {
            fail(ELSEWHERE, account, 1);
        }

        assertThatThrownBy(() -> throttle.begin(ELSEWHERE, "never-tried")).isInstanceOf(OAuthFailure.class);
        assertThatCode(() -> throttle.begin(HOME, "never-tried")).doesNotThrowAnyException();
    }

    @Test
    void attemptsAreCountedWhenTheyBeginSoParallelOnesCannotPassTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.begin(HOME, "ada");
        }

        assertThatThrownBy(() -> throttle.begin(HOME, "ada")).isInstanceOf(OAuthFailure.class);
    }

    @Test
    void anAttemptNeverCheckedIsGivenBack() {
        fail(HOME, "ada", 2);
        throttle.begin(HOME, "ada").notChecked();

        assertThatCode(() -> throttle.begin(HOME, "ada")).doesNotThrowAnyException();
    }

    @Test
    void aRefusedAttemptAtTheAccountDoesNotCountAgainstTheAddress() {
        fail(HOME, "ada", 3);
        assertThatThrownBy(() -> throttle.begin(HOME, "ada")).isInstanceOf(OAuthFailure.class);
        assertThatThrownBy(() -> throttle.begin(HOME, "ada")).isInstanceOf(OAuthFailure.class);

        assertThatCode(() -> throttle.begin(HOME, "bob")).doesNotThrowAnyException();
        assertThatCode(() -> throttle.begin(HOME, "bob")).doesNotThrowAnyException();
    }

    /** Attempts that each fail: counted when they begin, and never given back. */
    private void fail(String address, String account, int times) {
        for (int i = 0; i < times; i++) {
            throttle.begin(address, account);
        }
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
