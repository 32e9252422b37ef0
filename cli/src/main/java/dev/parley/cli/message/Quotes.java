package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The messages that replies answer, for {@link MessageLine} to quote: those shown lately (a page of
 * history, what a watch or the shell printed), as they last were, and otherwise looked up, one small
 * request each ({@link ParleyClient#findMessage}), up to a budget, and remembered, found or not. A
 * lookup that fails quotes nothing: a reply then shows only the id it answers.
 */
public final class Quotes {

    /** Messages remembered; the oldest are forgotten first. */
    private static final int REMEMBERED = 1000;

    private final ParleyClient client;
    private final Map<Long, Optional<Message>> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Message>> eldest) {
            return size() > REMEMBERED;
        }
    };
    private int lookups;

    /** Quotes that look up at most {@code lookups} messages not shown (0: none) through {@code client}. */
    public Quotes(ParleyClient client, int lookups) {
        this.client = client;
        this.lookups = lookups;
    }

    /** {@code message} as it now is, unless a later version of it is known: what a reply to it quotes. */
    public synchronized void remember(Message message) {
        Optional<Message> before = known.get(message.id());
        if (before == null || before.isEmpty() || later(message, before.get())) {
            known.put(message.id(), Optional.of(message));
        }
    }

    /**
     * Whether {@code message} is a later version than {@code known} of the same message: deleted
     * after not, edited after not, edited later. Events of one stream come in order, but a message
     * the shell sent or edited itself may be shown before the stream brings an older version.
     */
    public static boolean later(Message message, Message known) {
        if (known.deletedAt() != null) {
            return false;
        }
        if (message.deletedAt() != null) {
            return true;
        }
        if (message.editedAt() == null) {
            return false;
        }
        return known.editedAt() == null || message.editedAt().isAfter(known.editedAt());
    }

    /** The message {@code reply} answers, when it is one and that message is known or can be looked up. */
    public Optional<Message> answered(Message reply) {
        Long id = reply.replyTo();
        if (id == null) {
            return Optional.empty();
        }
        synchronized (this) {
            Optional<Message> remembered = known.get(id);
            if (remembered != null) {
                return remembered;
            }
            if (lookups == 0) {
                return Optional.empty();
            }
            lookups--;
        }
        Optional<Message> found;
        try {
            found = client.findMessage(reply.sessionId(), id);
        } catch (ApiFailure e) {
            return Optional.empty();
        }
        synchronized (this) {
            known.putIfAbsent(id, found);
        }
        return found;
    }
}
