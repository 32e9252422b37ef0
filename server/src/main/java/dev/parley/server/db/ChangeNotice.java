package dev.parley.server.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import java.util.Optional;

/**
 * A change as a PostgreSQL notification's payload: small JSON, because a payload holds at most 8000
 * bytes and a message's text may be longer. A message posted, edited or deleted is told by its id
 * only (and for an edit or deletion, the change's seq and the message's seq before it); whoever hears
 * of it reads the message itself. {@code origin} and {@code number} say which server told it, and
 * its how-many-th change that was. {@code text} is a member's email or a session's new title (at
 * most 254 and 200 characters: well within a payload), else empty.
 */
record ChangeNotice(
        String origin, long number, Kind kind, long sessionId, long id, String text, long seq, long previousSeq) {

    enum Kind {
        MESSAGE_POSTED,
        MESSAGE_EDITED,
        MESSAGE_DELETED,
        MEMBER_ADDED,
        MEMBER_REMOVED,
        SESSION_RENAMED,
        SESSION_DELETED,
        GRANT_REVOKED
    }

    /** {@code id} is the message id, the user id, or the grant id, as the kind says. */
    static ChangeNotice of(String origin, long number, Change change) {
        return switch (change) {
            case SessionChange.MessagePosted posted ->
                new ChangeNotice(
                        origin,
                        number,
                        Kind.MESSAGE_POSTED,
                        posted.sessionId(),
                        posted.message().id(),
                        "",
                        0,
                        0);
            case SessionChange.MessageEdited edited -> ofMessage(origin, number, Kind.MESSAGE_EDITED, edited);
            case SessionChange.MessageDeleted deleted -> ofMessage(origin, number, Kind.MESSAGE_DELETED, deleted);
            case SessionChange.MemberAdded added ->
                new ChangeNotice(
                        origin, number, Kind.MEMBER_ADDED, added.sessionId(), added.userId(), added.email(), 0, 0);
            case SessionChange.MemberRemoved removed ->
                new ChangeNotice(
                        origin,
                        number,
                        Kind.MEMBER_REMOVED,
                        removed.sessionId(),
                        removed.userId(),
                        removed.email(),
                        0,
                        0);
            case SessionChange.SessionRenamed renamed ->
                new ChangeNotice(origin, number, Kind.SESSION_RENAMED, renamed.sessionId(), 0, renamed.title(), 0, 0);
            case SessionChange.SessionDeleted deleted ->
                new ChangeNotice(origin, number, Kind.SESSION_DELETED, deleted.sessionId(), 0, "", 0, 0);
            case Change.GrantRevoked revoked ->
                new ChangeNotice(origin, number, Kind.GRANT_REVOKED, 0, revoked.grantId(), "", 0, 0);
            case Change.MaybeMissed missed -> throw new IllegalArgumentException("only the listener tells " + missed);
        };
    }

    private static ChangeNotice ofMessage(String origin, long number, Kind kind, SessionChange.MessageChanged changed) {
        return new ChangeNotice(
                origin,
                number,
                kind,
                changed.sessionId(),
                changed.message().id(),
                "",
                changed.seq(),
                changed.previousSeq());
    }

    /** The edit or deletion told, with {@code message} as the listener read it back. */
    SessionChange messageChange(Message message) {
        return switch (kind) {
            case MESSAGE_EDITED -> new SessionChange.MessageEdited(message, seq, previousSeq);
            case MESSAGE_DELETED -> new SessionChange.MessageDeleted(message, seq, previousSeq);
            default -> throw new IllegalStateException(kind + " is not an edit or a deletion");
        };
    }

    String json() {
        ObjectNode node = Json.mapper()
                .createObjectNode()
                .put("o", origin)
                .put("n", number)
                .put("k", kind.name())
                .put("s", sessionId)
                .put("i", id)
                .put("t", text)
                .put("q", seq)
                .put("p", previousSeq);
        return node.toString();
    }

    /** The notice in {@code payload}; empty for a payload this version does not understand. */
    static Optional<ChangeNotice> parse(String payload) {
        try {
            JsonNode node = Json.mapper().readTree(payload);
            return Optional.of(new ChangeNotice(
                    node.path("o").asText(),
                    node.path("n").asLong(),
                    Kind.valueOf(node.path("k").asText()),
                    node.path("s").asLong(),
                    node.path("i").asLong(),
                    node.path("t").asText(),
                    node.path("q").asLong(),
                    node.path("p").asLong()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The change told, except a change to a message, which the listener reads from the database. */
    Change change() {
        return switch (kind) {
            case MEMBER_ADDED -> new SessionChange.MemberAdded(sessionId, id, text);
            case MEMBER_REMOVED -> new SessionChange.MemberRemoved(sessionId, id, text);
            case SESSION_RENAMED -> new SessionChange.SessionRenamed(sessionId, text);
            case SESSION_DELETED -> new SessionChange.SessionDeleted(sessionId);
            case GRANT_REVOKED -> new Change.GrantRevoked(id);
            case MESSAGE_POSTED, MESSAGE_EDITED, MESSAGE_DELETED ->
                throw new IllegalStateException("a change to a message is read from the database");
        };
    }
}
