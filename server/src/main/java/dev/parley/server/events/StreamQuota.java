package dev.parley.server.events;

import dev.parley.server.http.ApiException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the event streams open at once: per user, as a person needs a handful (a shell, a watch, a
 * browser tab), and on the whole server, as each costs a connection, a parked thread and buffers
 * (tens of kilobytes of heap): past what the heap holds, the server would run out of memory.
 */
final class StreamQuota {

    private final int maxPerUser;
    private final int maxInAll;
    private final ConcurrentMap<Long, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger inAll = new AtomicInteger();

    StreamQuota(int maxPerUser, int maxInAll) {
        this.maxPerUser = maxPerUser;
        this.maxInAll = maxInAll;
    }

    /**
     * Takes one stream for {@code userId}: 429 when they hold the maximum already, 503 when the
     * server does.
     */
    void acquire(long userId) {
        if (inAll.incrementAndGet() > maxInAll) {
            inAll.decrementAndGet();
            throw new ApiException.ServiceUnavailable("the server holds " + maxInAll
                    + " event streams already; try again later", Duration.ofSeconds(10));
        }
        boolean[] granted = {false};
        open.compute(userId, (user, count) -> {
            int now = count == null ? 0 : count;
            granted[0] = now < maxPerUser;
            return granted[0] ? now + 1 : count;
        });
        if (!granted[0]) {
            inAll.decrementAndGet();
            throw new ApiException.TooManyRequests("you have " + maxPerUser
                    + " event streams open already; close one first", Duration.ofSeconds(5));
        }
    }

    void release(long userId) {
        open.computeIfPresent(userId, (user, count) -> count == 1 ? null : count - 1);
        inAll.decrementAndGet();
    }
}
