package dev.parley.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.ParleyConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.helidon.metrics.api.Counter;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * One rate limit's token buckets, one per user (Bucket4j), or per whatever else {@code K} names (a
 * client address, for registrations). A user's bucket is kept only until it
 * would be full again, so forgetting it changes nothing; at most {@link #MAX_USERS} are kept, and a
 * user evicted past that starts afresh, which only happens when that many are over their limit at once.
 */
final class UserBuckets<K> {

    private static final int MAX_USERS = 20_000;
    /** Admitted posts per user whose keys are remembered for a free retry: posts a client may have in flight. */
    private static final int REMEMBERED_KEYS = 8;

    private final String what;
    private final Bandwidth bandwidth;
    private final Cache<K, Allowance> byUser;
    private final Counter refused;

    UserBuckets(String what, ParleyConfig.RateLimit limit, Counter refused) {
        this.what = what;
        this.refused = refused;
        this.bandwidth = Bandwidth.builder()
                .capacity(limit.burst())
                .refillGreedy(limit.refill(), limit.period())
                .build();
        this.byUser = Caffeine.newBuilder()
                .expireAfterAccess(limit.timeToFill())
                .maximumSize(MAX_USERS)
                .build();
    }

    /**
     * Counts one request of {@code userId}, or throws 429 when the user is over the limit. A request
     * with the {@code retryKey} of an earlier admitted one is let through once without being counted.
     */
    void take(K userId, OptionalInt retryKey) {
        Duration wait = byUser.get(userId, id -> new Allowance()).take(retryKey);
        if (!wait.isZero()) {
            refused.increment();
            throw new ApiException.TooManyRequests("too many " + what + "; try again in " + seconds(wait) + " s", wait);
        }
    }

    private static long seconds(Duration wait) {
        return Math.max(1, wait.plusMillis(999).toSeconds());
    }

    /** A user's bucket and the keys of their admitted posts not yet retried. */
    private final class Allowance {
        // Present keys are tagged in the high half, so an empty slot (0) matches no key.
        private static final long PRESENT = 1L << 32;

        // Guarded by this; each user's requests contend only with that user's own.
        private final Bucket bucket = Bucket.builder()
                .addLimit(bandwidth)
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build();
        private long[] unretried;
        private int next;

        /** Zero when the request may pass, else how long until it would. */
        synchronized Duration take(OptionalInt retryKey) {
            if (retryKey.isPresent() && forget(retryKey.getAsInt())) {
                return Duration.ZERO;
            }
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
            }
            retryKey.ifPresent(this::remember);
            return Duration.ZERO;
        }

        private boolean forget(int key) {
            if (unretried != null) {
                for (int i = 0; i < unretried.length; i++) {
                    if (unretried[i] == tagged(key)) {
                        unretried[i] = 0;
                        return true;
                    }
                }
            }
            return false;
        }

        private void remember(int key) {
            if (unretried == null) {
                unretried = new long[REMEMBERED_KEYS];
            }
            unretried[next] = tagged(key);
            next = (next + 1) % REMEMBERED_KEYS;
        }

        private static long tagged(int key) {
            return PRESENT | Integer.toUnsignedLong(key);
        }
    }
}
