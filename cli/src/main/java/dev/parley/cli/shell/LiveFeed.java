package dev.parley.cli.shell;

import dev.parley.api.Message;
import dev.parley.cli.Palette;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.message.MessageHistory;
import dev.parley.cli.message.MessageLine;
import dev.parley.cli.watch.MessageFollower;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;
import org.jline.reader.LineReader;

/**
 * The open session's messages in the shell: its recent history when it is opened, then every new
 * one as it is posted, printed above the prompt ({@link LineReader#printAbove}) so that what the
 * user is typing stays as it is. A virtual thread follows the session through a
 * {@link MessageFollower}, reconnecting as {@code parley watch} does. Each message is shown once:
 * the user's own, printed when sent, is not printed again when the stream brings it.
 */
final class LiveFeed implements AutoCloseable {

    /** Ids remembered as shown; the stream brings messages in id order, so older ones do not come back. */
    private static final int REMEMBERED = 1000;

    private final ParleyClient client;
    private final LineReader reader;
    private final ZoneId zone;
    private final Palette palette;
    private final TreeSet<Long> shown = new TreeSet<>();
    private MessageFollower follower;
    private Thread following;

    LiveFeed(ParleyClient client, LineReader reader, ZoneId zone, Palette palette) {
        this.client = client;
        this.reader = reader;
        this.zone = zone;
        this.palette = palette;
    }

    /**
     * Shows the session's {@code recent} latest messages, or every unread one when they are more
     * ({@link MessageHistory#opening}), marks what it showed read, and follows the session from
     * there on, in place of the session followed so far.
     */
    void open(long sessionId, int recent) {
        stop();
        synchronized (shown) {
            shown.clear();
        }
        MessageHistory history = new MessageHistory(client);
        MessageHistory.Reading reading = history.opening(sessionId, recent);
        List<Message> page = reading.messages();
        page.forEach(this::show);
        history.markRead(reading);
        long after = page.isEmpty() ? 0 : page.getLast().id();
        MessageFollower next = new MessageFollower(client, sessionId, after);
        follower = next;
        following = Thread.ofVirtual().name("parley-shell-feed").start(() -> follow(next, sessionId));
    }

    /** Prints {@code message} above the prompt, unless it was shown already. */
    void show(Message message) {
        synchronized (shown) {
            if (!shown.add(message.id())) {
                return;
            }
            if (shown.size() > REMEMBERED) {
                shown.pollFirst();
            }
        }
        reader.printAbove(MessageLine.line(message, zone, palette));
    }

    /** Stops following; returns once no message of the session followed so far can be printed. */
    void stop() {
        if (follower == null) {
            return;
        }
        follower.stop();
        boolean interrupted = false;
        while (true) {
            try {
                following.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        follower = null;
        following = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void follow(MessageFollower sessionFollower, long sessionId) {
        try {
            sessionFollower.run(new MessageFollower.Listener() {
                private boolean lost;

                @Override
                public void message(Message message) {
                    show(message);
                    markRead(sessionId, message.id());
                }

                @Override
                public void connected(boolean first) {
                    if (lost) {
                        reader.printAbove("(live messages are back)");
                    }
                    lost = false;
                }

                @Override
                public void retrying(ApiFailure failure, Duration wait) {
                    if (!lost) {
                        reader.printAbove(Shell.errorLine(palette, "live messages paused: " + failure.getMessage()
                                + "; reconnecting by itself"));
                    }
                    lost = true;
                }
            });
        } catch (ApiFailure e) {
            reader.printAbove(Shell.errorLine(palette, "no more live messages from session " + sessionId + ": " + e.getMessage()));
        }
    }

    /** The user has seen it; a marker that does not move is no reason to disturb the chat. */
    private void markRead(long sessionId, long messageId) {
        try {
            client.markRead(sessionId, messageId);
        } catch (ApiFailure e) {
            // The next message, /open or history moves it.
        }
    }
}
