package dev.parley.cli.outbox;

import dev.parley.cli.client.ServerUrl;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A message {@code parley send} has yet to see delivered, as its outbox file keeps it: where it
 * goes, who wrote it ({@code account}, the email of the login it was written under), what it says,
 * the {@code Idempotency-Key} every attempt carries, when it was written, and the message it
 * answers ({@code replyTo}, null for none; entries written before replies have none). No token: it is sent
 * with the login of the same account when there is one, and never under another. An entry written
 * before entries named their account has none, and is sent by no one until it is moved away.
 */
public record PendingSend(
        String server,
        String account,
        long sessionId,
        String text,
        String idempotencyKey,
        Instant createdAt,
        Long replyTo) {

    /** Keys name the entry's file: letters, digits and dashes only (ours are UUIDs). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{1,128}");

    public PendingSend {
        if (server == null || text == null || createdAt == null) {
            throw new IllegalArgumentException("a pending send names its server, text and creation time");
        }
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("not an idempotency key of ours: " + idempotencyKey);
        }
        // What the file keeps: the API's times have millisecond precision.
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** An entry that answers no message in particular. */
    public PendingSend(
            String server, String account, long sessionId, String text, String idempotencyKey, Instant createdAt) {
        this(server, account, sessionId, text, idempotencyKey, createdAt, null);
    }

    public static PendingSend of(
            ServerUrl server,
            String account,
            long sessionId,
            String text,
            Long replyTo,
            String idempotencyKey,
            Instant now) {
        return new PendingSend(server.toString(), account, sessionId, text, idempotencyKey, now, replyTo);
    }

    /** Whether {@code email} wrote it: emails compare without case, as the server's accounts do. */
    public boolean writtenBy(String email) {
        return account != null && account.equalsIgnoreCase(email);
    }

    /** The text's first line, for listings, after the message it answers ({@code ↪ #340 }). */
    public String firstLine() {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end).stripTrailing() + " …";
        return replyTo == null ? first : "↪ #" + replyTo + " " + first;
    }
}
