package dev.parley.server.message;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.server.db.MessageRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The latest messages of recently read sessions, with the session's members, in memory: "show me
 * the latest page" is by far the most frequent read, and answering it from here skips every query,
 * the visibility check included.
 *
 * <p>New messages are {@link #append appended} after their commit, in commit order; a page is
 * {@link #session loaded} inside the cache's per-key lock, which an append to the same session, or a
 * {@link #forget} after a deletion (of the session or of a message), an edit or a change of members,
 * waits for (duplicates by id are dropped). Why that keeps a page free of uncommitted messages, gaps,
 * stale texts and readers who may no longer see it: docs/architecture.md, rule 4.
 */
final class RecentMessages {

    /** How many of each session's newest messages are kept: the default page size. */
    static final int CAPACITY = MessageWindow.DEFAULT_LIMIT;
    /**
     * The heap the cached pages may take, by {@link Latest#weight}: ~600 sessions of ordinary
     * chat, fewer of long texts; the least used go first.
     */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    /** The newest messages of one session, ascending, whether older ones exist, and its members. */
    static final class Latest {
        private final Set<Long> memberIds;
        private final List<Message> messages;
        private final boolean olderExist;
        /** The UTF-16 units of all the texts: what a page's text is bounded by. */
        private final int text;
        /** The full page as JSON, made on first request: most reads ask for exactly this. */
        private volatile byte[] fullPageJson;

        Latest(Set<Long> memberIds, List<Message> messages, boolean olderExist) {
            this.memberIds = Set.copyOf(memberIds);
            this.messages = List.copyOf(messages);
            this.olderExist = olderExist;
            this.text = textOf(this.messages);
        }

        /**
         * What this page may take of the heap, in bytes, its JSON included before it is made:
         * two per UTF-16 unit of text, three more for its UTF-8 encoding at worst, and the rest of
         * each message and set entry.
         */
        int weight() {
            return 5 * text + 300 * messages.size() + 50 * memberIds.size();
        }

        private static int textOf(List<Message> messages) {
            return messages.stream().mapToInt(MessageRows::textLength).sum();
        }

        boolean isVisibleTo(long userId) {
            return memberIds.contains(userId);
        }

        Latest with(Message message) {
            if (!messages.isEmpty() && message.id() <= messages.getLast().id()) {
                return this;
            }
            List<Message> next = new ArrayList<>(messages.size() + 1);
            next.addAll(messages);
            next.add(message);
            // Oldest out first, to the page size and to the text a page may hold.
            int kept = text + MessageRows.textLength(message);
            int from = 0;
            while (next.size() - from > CAPACITY || kept > MessageRows.MAX_PAGE_TEXT && next.size() - from > 1) {
                kept -= MessageRows.textLength(next.get(from));
                from++;
            }
            return new Latest(memberIds, next.subList(from, next.size()), olderExist || from > 0);
        }

        MessagePage page(int limit) {
            int from = Math.max(0, messages.size() - limit);
            return new MessagePage(messages.subList(from, messages.size()), from > 0 || olderExist);
        }

        byte[] fullPageJson() {
            byte[] json = fullPageJson;
            if (json == null) {
                json = Json.bytes(page(CAPACITY));
                fullPageJson = json;
            }
            return json;
        }
    }

    private final Cache<Long, Latest> sessions = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Long id, Latest latest) -> latest.weight())
            .build();

    /**
     * The session's latest messages, loaded on a miss; empty when the session does not exist
     * ({@code load} returns null then, and nothing is kept).
     */
    Optional<Latest> session(long sessionId, Supplier<Latest> load) {
        return Optional.ofNullable(sessions.get(sessionId, id -> load.get()));
    }

    /** Called after the commit that stored {@code message}, in commit order. */
    void append(Message message) {
        sessions.asMap().computeIfPresent(message.sessionId(), (id, latest) -> latest.with(message));
    }

    /**
     * Called after the commit that deleted the session, changed its members, or edited or deleted
     * one of its messages.
     */
    void forget(long sessionId) {
        sessions.invalidate(sessionId);
    }

    /** Forgets every session, when changes may have been missed. */
    void forgetAll() {
        sessions.invalidateAll();
    }
}
