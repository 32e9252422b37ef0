package dev.parley.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.ParleyConfig;
import dev.parley.server.http.OAuthFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed log-ins per client address and per (account, address) pair, each in a fixed window
 * that starts at the first failure. Past either maximum, log-ins from that address (for that
 * account) get 429 until the window ends. Keying the account count by address too means a guesser
 * elsewhere cannot lock the real owner out.
 */
final class LoginThrottle {

    private final ParleyConfig.LoginThrottle limits;
    private final Clock clock;
    private final Cache<String, Failures> byAddress;
    private final Cache<String, Failures> byAccountAndAddress;

    LoginThrottle(ParleyConfig.LoginThrottle limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.byAddress = window(limits.window(), clock);
        this.byAccountAndAddress = window(limits.window(), clock);
    }

    /** Throws 429 ({@code slow_down}) when this address, or this account from it, failed too often. */
    void check(String address, String accountKey) {
        refuseIfOver(byAddress.getIfPresent(address), limits.maxFailuresPerAddress());
        refuseIfOver(byAccountAndAddress.getIfPresent(accountKey + " " + address), limits.maxFailuresPerAccount());
    }

    void recordFailure(String address, String accountKey) {
        Instant now = clock.instant();
        byAddress.get(address, k -> new Failures(now)).count.incrementAndGet();
        byAccountAndAddress.get(accountKey + " " + address, k -> new Failures(now)).count.incrementAndGet();
    }

    void recordSuccess(String address, String accountKey) {
        byAccountAndAddress.invalidate(accountKey + " " + address);
    }

    private void refuseIfOver(Failures failures, int max) {
        if (failures != null && failures.count.get() >= max) {
            Duration left = Duration.between(clock.instant(), failures.since.plus(limits.window()));
            throw OAuthFailure.slowDown(left.isNegative() ? Duration.ofSeconds(1) : left);
        }
    }

    private static Cache<String, Failures> window(Duration window, Clock clock) {
        // Entries are written once and counted in place, so expiry runs from the first failure.
        return Caffeine.newBuilder()
                .expireAfterWrite(window)
                .ticker(() -> clock.millis() * 1_000_000L)
                .maximumSize(100_000)
                .build();
    }

    private static final class Failures {
        private final Instant since;
        private final AtomicInteger count = new AtomicInteger();

        Failures(Instant since) {
            this.since = since;
        }
    }
}
