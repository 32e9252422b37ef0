package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.Session;
import dev.parley.api.Wire;
import dev.parley.cli.client.ParleyClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a session's messages, for {@code parley history} and the shell's {@code /open} alike.
 * It gathers as many messages as asked for, across pages, because the server ends a page early
 * when its texts are long; and it moves the read marker only over what the reader was shown: the
 * marker means "read up to this id", so it moves to the last message shown only when no unread
 * message before it was left out.
 */
public final class MessageHistory {

    /** What the server serves without a limit. */
    public static final int DEFAULT_LIMIT = 50;

    private final ParleyClient client;

    public MessageHistory(ParleyClient client) {
        this.client = client;
    }

    /**
     * What one reading showed, oldest first. {@code hasMore}: more messages exist beyond it, in the
     * direction it read (older ones for a backward reading, newer ones for a forward one).
     * {@code unreadLeftOut}: how many unread messages older than the first shown were not shown
     * (0 when none); while there are any, reading does not move the marker.
     */
    public record Reading(
            long sessionId, List<Message> messages, boolean forward, boolean hasMore, long unreadLeftOut) {

        public Reading {
            messages = List.copyOf(messages);
        }

        /** The page as the API has it, for {@code --json}. */
        public MessagePage page() {
            return new MessagePage(messages, hasMore);
        }
    }

    /** The latest {@code limit} messages. */
    public Reading latest(long sessionId, int limit) {
        return backward(client.session(sessionId), null, limit);
    }

    /** The {@code limit} messages just before message {@code beforeId}. */
    public Reading before(long sessionId, long beforeId, int limit) {
        return backward(client.session(sessionId), beforeId, limit);
    }

    /** The {@code limit} messages just after message {@code afterId}. */
    public Reading after(long sessionId, long afterId, int limit) {
        return forward(client.session(sessionId), afterId, limit);
    }

    /** The first {@code limit} messages the caller has not read, oldest first. */
    public Reading unread(long sessionId, int limit) {
        Session session = client.session(sessionId);
        return forward(session, lastRead(session), limit);
    }

    /**
     * What the shell shows on opening a session: the latest {@code recent} messages when every unread
     * one is among them, else the unread ones (up to {@link #Wire.MAX_MESSAGE_PAGE}, the first of them).
     */
    public Reading opening(long sessionId, int recent) {
        Session session = client.session(sessionId);
        if (session.unreadCount() <= recent) {
            Reading latest = backward(session, null, recent);
            if (latest.unreadLeftOut() == 0) {
                return latest;
            }
        }
        return forward(session, lastRead(session), Wire.MAX_MESSAGE_PAGE);
    }

    /**
     * Moves the read marker to the last message of {@code reading}, unless unread messages before
     * it were left out (the server never moves a marker back, so an older reading changes nothing).
     */
    public void markRead(Reading reading) {
        if (reading.unreadLeftOut() == 0 && !reading.messages().isEmpty()) {
            client.markRead(reading.sessionId(), reading.messages().getLast().id());
        }
    }

    private Reading backward(Session session, Long beforeId, int limit) {
        List<Message> gathered = new ArrayList<>();
        Long cursor = beforeId;
        boolean hasMore = true;
        while (gathered.size() < limit && hasMore) {
            MessagePage page = client.messages(session.id(), null, cursor, limit - gathered.size());
            List<Message> messages = page.messages();
            // A page that brings nothing older than the cursor would bring it again: stop there.
            if (messages.isEmpty() || cursor != null && messages.getFirst().id() >= cursor) {
                hasMore = !messages.isEmpty() && page.hasMore();
                break;
            }
            gathered.addAll(
                    0,
                    messages.size() > limit - gathered.size()
                            ? messages.subList(messages.size() - (limit - gathered.size()), messages.size())
                            : messages);
            hasMore = page.hasMore();
            cursor = gathered.getFirst().id();
        }
        return new Reading(session.id(), gathered, false, hasMore, unreadLeftOut(session, gathered));
    }

    private Reading forward(Session session, long afterId, int limit) {
        List<Message> gathered = new ArrayList<>();
        long cursor = afterId;
        boolean hasMore = true;
        while (gathered.size() < limit && hasMore) {
            MessagePage page = client.messages(session.id(), cursor, null, limit - gathered.size());
            List<Message> messages = page.messages();
            if (messages.isEmpty() || messages.getLast().id() <= cursor) {
                hasMore = !messages.isEmpty() && page.hasMore();
                break;
            }
            gathered.addAll(
                    messages.size() > limit - gathered.size()
                            ? messages.subList(0, limit - gathered.size())
                            : messages);
            hasMore = page.hasMore();
            cursor = gathered.getLast().id();
        }
        return new Reading(session.id(), gathered, true, hasMore, unreadLeftOut(session, gathered));
    }

    /**
     * How many unread messages come before the first of {@code shown} and are not among them: none
     * when the first shown was read already, or when nothing but tombstones lies between the marker
     * and it (one look at the server); otherwise the session's unread count less the unread ones
     * shown, at least 1.
     */
    private long unreadLeftOut(Session session, List<Message> shown) {
        long lastRead = lastRead(session);
        if (shown.isEmpty() || shown.getFirst().id() <= lastRead) {
            return 0;
        }
        // Deleted messages are no longer unread: only a message with its text is one left out.
        if (client.messages(session.id(), lastRead, shown.getFirst().id(), DEFAULT_LIMIT).messages().stream()
                .allMatch(MessageHistory::deleted)) {
            return 0;
        }
        long shownUnread = shown.stream()
                .filter(message -> message.id() > lastRead && !deleted(message))
                .count();
        return Math.max(1, session.unreadCount() - shownUnread);
    }

    private static boolean deleted(Message message) {
        return message.deletedAt() != null;
    }

    private static long lastRead(Session session) {
        return session.lastReadId() == null ? 0 : session.lastReadId();
    }
}
