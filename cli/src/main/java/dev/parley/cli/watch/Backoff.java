package dev.parley.cli.watch;

import java.time.Duration;

/**
 * The waits between reconnection attempts: doubling from {@link #FIRST} up to {@link #CAP}, so that
 * a server that is down for long is asked twice a minute rather than hammered, and back to the first
 * after a connection succeeds, so that the next blip costs half a second.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** The wait before the next attempt; each call doubles the one after it. */
    Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(CAP) > 0 ? CAP : doubled;
        return wait;
    }

    /** A connection succeeded: the next wait is the first again. */
    void reset() {
        next = FIRST;
    }
}
