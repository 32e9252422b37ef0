package dev.parley.server.events;

import java.util.ArrayList;
import java.util.List;

/**
 * What a resuming stream's replay read, for the live frames after it: the replay sends every message
 * changed after the client's cursor up to the horizon (the counter when it began), page by page, and
 * live frames take over above the horizon. A message the client never had, posted before the horizon
 * and changed after it, was sent by the replay if its page was read before that change, and else not
 * at all: its first change after the horizon must then come as a new message. Whether it did is
 * known from the seq the message had before that change (in the frame) and the counter each page's
 * statement saw. See docs/architecture.md, rule 6.
 */
final class Replayed {

    /** One page of the replay: it read every message whose seq was up to {@code upTo}, as of {@code counter}. */
    private record PageRead(long upTo, long counter) {}

    private final long cursor;
    private final long horizon;
    /** Ascending by {@code upTo}; dropped once no frame can need them. */
    private final List<PageRead> pages = new ArrayList<>();

    private long lastCounter;

    private Replayed(long cursor, long horizon) {
        this.cursor = cursor;
        this.horizon = horizon;
    }

    /** A replay from after {@code cursor} up to {@code horizon}, the counter read before its first page. */
    static Replayed from(long cursor, long horizon) {
        return new Replayed(cursor, horizon);
    }

    /** No replay: the stream writes every message frame as it comes. */
    static Replayed none() {
        return new Replayed(-1, -1);
    }

    /** The replay read a page: the messages with a seq up to {@code upTo}, at {@code counter}. */
    void read(long upTo, long counter) {
        pages.add(new PageRead(upTo, counter));
        lastCounter = Math.max(lastCounter, counter);
    }

    /** The seq the replay reached: live frames up to it were in what it read, or superseded there. */
    long last() {
        return Math.max(cursor, horizon);
    }

    /** Whether the client never got the message {@code frame} (an edit or deletion) changes. */
    boolean neverSent(Subscription.Frame frame) {
        if (frame.changed() == null || pages.isEmpty()) {
            return false;
        }
        if (frame.seq() > lastCounter) {
            // Committed after every page was read: each of them read the message before this change.
            pages.clear();
            return false;
        }
        long id = frame.changed().message().id();
        long before = frame.changed().previousSeq();
        if (id <= cursor || before > horizon) {
            // The client had it before; or it changed after the horizon already, and that change came first.
            return false;
        }
        for (PageRead page : pages) {
            if (before <= page.upTo()) {
                return frame.seq() <= page.counter();
            }
        }
        return true;
    }
}
