package dev.parley.server.events;

import static dev.parley.schema.Tables.STREAM_TICKETS;

import dev.parley.server.db.Database;
import dev.parley.server.db.Membership;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** SQL on {@code stream_tickets}: storing a new ticket, and taking one, which deletes it. */
final class TicketQueries {

    /** A stored ticket: the stream it opens and the access token it holds, sealed. */
    record Stored(OptionalLong sessionId, String sealedToken, Instant expiresAt) {}

    private final Database db;

    TicketQueries(Database db) {
        this.db = db;
    }

    /**
     * Stores a ticket; one for a session only if {@code userId} may follow it (else 404, as the
     * stream would answer). Expired tickets go at the same time, so the table holds no more than
     * one lifetime's worth.
     */
    void store(String id, long userId, OptionalLong sessionId, String sealedToken, Instant expiresAt, Instant now) {
        db.writer().write(tx -> {
            if (sessionId.isPresent() && !Membership.includes(tx, sessionId.getAsLong(), userId)) {
                throw new ApiException.NotFound("session " + sessionId.getAsLong() + " does not exist or is not yours");
            }
            tx.deleteFrom(STREAM_TICKETS)
                    .where(STREAM_TICKETS.EXPIRES_AT.le(now))
                    .execute();
            return tx.insertInto(STREAM_TICKETS)
                    .set(STREAM_TICKETS.TICKET_HASH, id)
                    .set(STREAM_TICKETS.SESSION_ID, sessionId.isPresent() ? sessionId.getAsLong() : null)
                    .set(STREAM_TICKETS.SEALED_TOKEN, sealedToken)
                    .set(STREAM_TICKETS.EXPIRES_AT, expiresAt)
                    .execute();
        });
    }

    /**
     * Deletes the ticket stored under {@code id} and returns what it held, or empty when there is none
     * (never issued, or already taken). Of two servers taking the same ticket at once, only the one
     * whose delete removes the row gets it: PostgreSQL makes the second delete wait for the first
     * transaction and then find nothing.
     */
    Optional<Stored> take(String id) {
        return db.writer().write(tx -> {
            Stored stored = tx.select(STREAM_TICKETS.SESSION_ID, STREAM_TICKETS.SEALED_TOKEN, STREAM_TICKETS.EXPIRES_AT)
                    .from(STREAM_TICKETS)
                    .where(STREAM_TICKETS.TICKET_HASH.eq(id))
                    .fetchOne(row -> new Stored(
                            row.value1() == null ? OptionalLong.empty() : OptionalLong.of(row.value1()),
                            row.value2(),
                            row.value3()));
            if (stored == null) {
                return Optional.empty();
            }
            int deleted = tx.deleteFrom(STREAM_TICKETS)
                    .where(STREAM_TICKETS.TICKET_HASH.eq(id))
                    .execute();
            return deleted == 1 ? Optional.of(stored) : Optional.empty();
        });
    }
}
