package dev.parley.cli.watch;

import java.time.Duration;

/**
 * The waits between reconnection attempts: doubling from {@link #FIRST} up to {@link #CAP}, and back
 * to the first after a connection succeeds, so that the next blip costs half a second. The cap is
 * short: a restarted server is back in service within {@link #CAP} of answering (a watch must not
 * be blind for long after it), and one attempt every five seconds costs a down server nothing.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(5);

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
