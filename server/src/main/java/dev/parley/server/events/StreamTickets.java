package dev.parley.server.events;

import dev.parley.api.StreamTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stream tickets, for browsers: a page's {@code EventSource} cannot send an {@code Authorization}
 * header, so the page buys a ticket with its bearer token and opens the stream with
 * {@code ?ticket=}. A ticket opens one stream (of one session, or of all the caller's sessions), once,
 * within its lifetime; the stream then lives on the access token it was issued for, exactly as if
 * that token had opened it (docs/browser-streams.md says why).
 */
final class StreamTickets {

    private final TicketQueries queries;
    private final Duration lifetime;
    private final Clock clock;

    StreamTickets(TicketQueries queries, Duration lifetime, Clock clock) {
        this.queries = queries;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new ticket for {@code userId}'s stream of {@code sessionId} (empty: of all their sessions). */
    StreamTicket issue(String accessToken, long userId, OptionalLong sessionId) {
        TicketSecret secret = TicketSecret.generate();
        Instant now = clock.instant();
        queries.store(secret.id(), userId, sessionId, secret.seal(accessToken), now.plus(lifetime), now);
        return new StreamTicket(secret.text(), lifetime.toSeconds());
    }

    /**
     * Uses up {@code ticket} and returns the access token it was issued for, when it was issued for
     * the stream of {@code sessionId} and has not expired. Presented anywhere, a ticket is gone.
     */
    Optional<String> redeem(String ticket, OptionalLong sessionId) {
        Instant now = clock.instant();
        return TicketSecret.parse(ticket)
                .flatMap(secret -> queries.take(secret.id())
                        .filter(stored -> stored.expiresAt().isAfter(now))
                        .filter(stored -> stored.sessionId().equals(sessionId))
                        .flatMap(stored -> secret.open(stored.sealedToken())));
    }
}
