package dev.parley.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A posted message. Ids grow monotonically across the whole server, so an id is a total cursor.
 * {@code replyTo} is the message it answers; {@code editedAt} and {@code deletedAt} say when its author
 * last edited it and when it was deleted. A deleted message is a tombstone: it keeps its id, author
 * and times, and its {@code text} is null. These four are always written, null included, so that a
 * client sees that a message is not a reply, not edited, not deleted.
 */
public record Message(
        long id,
        long sessionId,
        long userId,
        String userEmail,
        @JsonInclude(JsonInclude.Include.ALWAYS) String text,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Long replyTo,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant editedAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant deletedAt) {}
