package dev.parley.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.ParleyConfig;
import dev.parley.server.http.OAuthFailure;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts log-ins per client address and per (account, address) pair, each in a fixed window that
 * starts at the first attempt. An attempt is counted when it begins, before its password is
 * checked, and given back if it succeeds: however many arrive at once, no more than the maxima are
 * ever checked, and past them log-ins from that address (for that account) get 429 until the window
 * ends. Keying the account count by address too means a guesser elsewhere cannot lock the real owner
 * out.
 */
final class LoginThrottle {

    private final ParleyConfig.LoginThrottle limits;
    private final Clock clock;
    private final Cache<String, Attempts> byAddress;
    private final Cache<String, Attempts> byAccountAndAddress;
    private final Counter refusedForAddress;
    private final Counter refusedForAccount;

    LoginThrottle(ParleyConfig.LoginThrottle limits, Clock clock, Meters meters) {
        this.limits = limits;
        this.clock = clock;
        this.refusedForAddress = meters.refusals("login_throttle", "address");
        this.refusedForAccount = meters.refusals("login_throttle", "account");
        this.byAddress = window(limits.window(), clock);
        this.byAccountAndAddress = window(limits.window(), clock);
    }

    /**
     * Counts an attempt from {@code address} at {@code accountKey}, or throws 429 ({@code slow_down})
     * when the address, or the account from it, has used up its attempts.
     */
    Attempt begin(String address, String accountKey) {
        Attempts fromAddress = counted(byAddress, address, limits.maxFailuresPerAddress(), refusedForAddress);
        Attempts atAccount;
        try {
            atAccount = counted(
                    byAccountAndAddress, accountKey + " " + address, limits.maxFailuresPerAccount(), refusedForAccount);
        } catch (RuntimeException e) {
            fromAddress.count.decrementAndGet();
            throw e;
        }
        return new Attempt(accountKey + " " + address, fromAddress, atAccount);
    }

    /** One counted log-in; it stays counted unless it {@link #succeeded()} or was {@link #notChecked()}. */
    final class Attempt {
        private final String accountKey;
        private final Attempts fromAddress;
        private final Attempts atAccount;

        private Attempt(String accountKey, Attempts fromAddress, Attempts atAccount) {
            this.accountKey = accountKey;
            this.fromAddress = fromAddress;
            this.atAccount = atAccount;
        }

        /** The password was right: the attempt is not held against the address, and the account starts afresh. */
        void succeeded() {
            fromAddress.count.decrementAndGet();
            byAccountAndAddress.invalidate(accountKey);
        }

        /** The password was never checked (the server was too busy): the attempt is given back. */
        void notChecked() {
            fromAddress.count.decrementAndGet();
            atAccount.count.decrementAndGet();
        }
    }

    /** Takes one attempt from the key's window, or throws 429 when there is none left. */
    private Attempts counted(Cache<String, Attempts> cache, String key, int max, Counter refused) {
        Attempts attempts = cache.get(key, k -> new Attempts(clock.instant()));
        if (attempts.count.incrementAndGet() > max) {
            attempts.count.decrementAndGet();
            refused.increment();
            Duration left = Duration.between(clock.instant(), attempts.since.plus(limits.window()));
            throw OAuthFailure.slowDown(left.isNegative() ? Duration.ofSeconds(1) : left);
        }
        return attempts;
    }

    private static Cache<String, Attempts> window(Duration window, Clock clock) {
        // Entries are written once and counted in place, so expiry runs from the first attempt.
        return Caffeine.newBuilder()
                .expireAfterWrite(window)
                .ticker(() -> clock.millis() * 1_000_000L)
                .maximumSize(100_000)
                .build();
    }

    private static final class Attempts {
        private final Instant since;
        private final AtomicInteger count = new AtomicInteger();

        Attempts(Instant since) {
            this.since = since;
        }
    }
}
