package dev.parley.server.events;

import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the event streams open at once: per user, as a person needs a handful (a shell, a watch, a
 * browser tab); per client address, as anyone may register accounts, and each would bring its own
 * per-user share; and on the whole server, as each costs a connection, a parked thread and buffers
 * (tens of kilobytes of heap): past what the heap holds, the server would run out of memory.
 */
final class StreamQuota {

    private static final String KIND = "stream_cap";

    private final int maxPerUser;
    private final int maxPerAddress;
    private final int maxInAll;
    private final ConcurrentMap<Long, Integer> byUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger inAll = new AtomicInteger();
    private final Counter refusedForUser;
    private final Counter refusedForAddress;
    private final Counter refusedForServer;

    StreamQuota(int maxPerUser, int maxPerAddress, int maxInAll, Meters meters) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.maxInAll = maxInAll;
        this.refusedForUser = meters.refusals(KIND, "per_user");
        this.refusedForAddress = meters.refusals(KIND, "per_address");
        this.refusedForServer = meters.refusals(KIND, "server");
        meters.gauge("parley.events.streams.open", "Event streams open now.", inAll::get);
    }

    /**
     * Takes one stream for {@code userId} at {@code address}: 429 when they hold the maximum already,
     * 503 when the server does.
     */
    void acquire(long userId, String address) {
        if (inAll.incrementAndGet() > maxInAll) {
            inAll.decrementAndGet();
            refusedForServer.increment();
            throw new ApiException.ServiceUnavailable(
                    "the server holds " + maxInAll + " event streams already; try again later", Duration.ofSeconds(10));
        }
        if (!take(byAddress, address, maxPerAddress)) {
            inAll.decrementAndGet();
            refusedForAddress.increment();
            throw new ApiException.TooManyRequests(
                    "your address has " + maxPerAddress + " event streams open already; close one first",
                    Duration.ofSeconds(5));
        }
        if (!take(byUser, userId, maxPerUser)) {
            giveBack(byAddress, address);
            inAll.decrementAndGet();
            refusedForUser.increment();
            throw new ApiException.TooManyRequests(
                    "you have " + maxPerUser + " event streams open already; close one first", Duration.ofSeconds(5));
        }
    }

    void release(long userId, String address) {
        giveBack(byUser, userId);
        giveBack(byAddress, address);
        inAll.decrementAndGet();
    }

    private static <K> boolean take(ConcurrentMap<K, Integer> counts, K key, int max) {
        boolean[] granted = {false};
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            granted[0] = now < max;
            return granted[0] ? now + 1 : count;
        });
        return granted[0];
    }

    private static <K> void giveBack(ConcurrentMap<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }
}
