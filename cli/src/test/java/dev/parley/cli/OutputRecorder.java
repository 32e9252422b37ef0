package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a running command prints, recorded as it comes: every complete line into a queue that tests
 * take from with a timeout ({@link #assertLine}, {@link #assertNoLine}), and all the text, which
 * {@link #awaitText} waits on for output that is not a whole line (a shell's prompt). Never sleeps.
 */
public final class OutputRecorder extends Writer {

    /** Long enough for a reconnection after a server restart (its backoff included). */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            text.append(c);
            if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
        notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** The next complete line; fails when none comes in time. */
    public String assertLine() {
        try {
            String next = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next)
                    .as("a line within " + WAIT + "; all so far:\n" + text())
                    .isNotNull();
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that no complete line is waiting to be taken. */
    public void assertNoLine() {
        assertThat(lines.poll()).as("no further line").isNull();
    }

    /** Waits until everything printed so far contains {@code fragment}; fails when it does not in time. */
    public synchronized void awaitText(String fragment) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (text.indexOf(fragment) < 0) {
            long left = deadline - System.nanoTime();
            assertThat(left)
                    .as("output containing \"" + fragment + "\" within " + WAIT + "; all so far:\n" + text)
                    .isPositive();
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public synchronized String text() {
        return text.toString();
    }
}
