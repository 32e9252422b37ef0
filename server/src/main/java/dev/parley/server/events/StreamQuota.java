package dev.parley.server.events;

import dev.parley.server.http.ApiException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Caps the event streams one user holds open at once: each costs a connection, a thread and a
 * buffer, and a person needs a handful (a shell, a watch, a browser tab).
 */
final class StreamQuota {

    private final int maxPerUser;
    private final ConcurrentMap<Long, Integer> open = new ConcurrentHashMap<>();

    StreamQuota(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Takes one stream for {@code userId}; 429 when they hold the maximum already. */
    void acquire(long userId) {
        boolean[] granted = {false};
        open.compute(userId, (user, count) -> {
            int now = count == null ? 0 : count;
            granted[0] = now < maxPerUser;
            return granted[0] ? now + 1 : count;
        });
        if (!granted[0]) {
            throw new ApiException.TooManyRequests("you have " + maxPerUser
                    + " event streams open already; close one first", Duration.ofSeconds(5));
        }
    }

    void release(long userId) {
        open.computeIfPresent(userId, (user, count) -> count == 1 ? null : count - 1);
    }
}
