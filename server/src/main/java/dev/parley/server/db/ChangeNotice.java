package dev.parley.server.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import java.util.Optional;

/**
 * A change as a PostgreSQL notification's payload: small JSON, because a payload holds at most 8000
 * bytes and a message's text may be longer. A new message is told by its id only; whoever hears of
 * it reads the message itself. {@code origin} and {@code number} say which server told it, and its
 * how-many-th change that was. {@code text} is a member's email or a session's new title (at most
 * 254 and 200 characters: well within a payload), else empty.
 */
record ChangeNotice(String origin, long number, Kind kind, long sessionId, long id, String text) {

    enum Kind {
        MESSAGE_POSTED,
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
                        "");
            case SessionChange.MemberAdded added ->
                new ChangeNotice(origin, number, Kind.MEMBER_ADDED, added.sessionId(), added.userId(), added.email());
            case SessionChange.MemberRemoved removed ->
                new ChangeNotice(
                        origin, number, Kind.MEMBER_REMOVED, removed.sessionId(), removed.userId(), removed.email());
            case SessionChange.SessionRenamed renamed ->
                new ChangeNotice(origin, number, Kind.SESSION_RENAMED, renamed.sessionId(), 0, renamed.title());
            case SessionChange.SessionDeleted deleted ->
                new ChangeNotice(origin, number, Kind.SESSION_DELETED, deleted.sessionId(), 0, "");
            case Change.GrantRevoked revoked ->
                new ChangeNotice(origin, number, Kind.GRANT_REVOKED, 0, revoked.grantId(), "");
            case Change.MaybeMissed missed -> throw new IllegalArgumentException("only the listener tells " + missed);
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
                .put("t", text);
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
                    node.path("t").asText()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The change told, except a new message, which the listener reads from the database. */
    Change change() {
        return switch (kind) {
            case MEMBER_ADDED -> new SessionChange.MemberAdded(sessionId, id, text);
            case MEMBER_REMOVED -> new SessionChange.MemberRemoved(sessionId, id, text);
            case SESSION_RENAMED -> new SessionChange.SessionRenamed(sessionId, text);
            case SESSION_DELETED -> new SessionChange.SessionDeleted(sessionId);
            case GRANT_REVOKED -> new Change.GrantRevoked(id);
            case MESSAGE_POSTED -> throw new IllegalStateException("a new message is read from the database");
        };
    }
}
