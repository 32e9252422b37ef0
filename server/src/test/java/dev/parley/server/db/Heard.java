package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.changes.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What one server heard of its database's changes, in order: give {@link #add} to {@code deliverTo}. */
final class Heard {
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    void add(Change change) {
        changes.add(change);
    }

    /** The next {@code count} changes heard, each within 20 s. */
    List<Change> next(int count) throws InterruptedException {
        List<Change> next = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Change change = changes.poll(20, TimeUnit.SECONDS);
            assertThat(change)
                    .as("change %d of %d heard within 20 s, after %s", i + 1, count, next)
                    .isNotNull();
            next.add(change);
        }
        return next;
    }

    /** The next changes heard are {@code expected}, in order. */
    void assertNext(List<Change> expected) throws InterruptedException {
        assertThat(next(expected.size())).containsExactlyElementsOf(expected);
    }
}
