package dev.parley.server.events;

import static dev.parley.schema.Tables.STREAM_TICKETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.StreamTicket;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream tickets on a real SQLite database: a ticket opens the stream it was issued for once, before
 * it expires, and nothing else; presented anywhere, it is gone; only members get one for a session;
 * and issuing tickets clears the expired ones.
 */
class StreamTicketsTest {

    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final String TOKEN = "the-access-token";

    @TempDir
    Path dir;

    private Database db;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private StreamTickets tickets;
    private long alice;
    private long bob;
    private long alicesSession;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 1);
        tickets = new StreamTickets(new TicketQueries(db), LIFETIME, clock);
        EventRows rows = new EventRows(db);
        alice = rows.user("alice@example.com");
        bob = rows.user("bob@example.com");
        alicesSession = rows.session(alice);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTicketOpensItsStreamOnceAndSaysHowLongItLasts() {
        StreamTicket ticket = tickets.issue(TOKEN, alice, OptionalLong.of(alicesSession));

        assertThat(ticket.expiresIn()).isEqualTo(30);
        assertThat(tickets.redeem(ticket.ticket(), OptionalLong.of(alicesSession)))
                .hasValue(TOKEN);
        assertThat(tickets.redeem(ticket.ticket(), OptionalLong.of(alicesSession)))
                .as("used up")
                .isEmpty();
        assertThat(storedTickets()).isZero();
    }

    @Test
    void aTicketForAllSessionsOpensThatStreamOnlyAndAnyPresentedTicketIsGone() {
        StreamTicket all = tickets.issue(TOKEN, bob, OptionalLong.empty());
        StreamTicket one = tickets.issue(TOKEN, alice, OptionalLong.of(alicesSession));

        assertThat(tickets.redeem(all.ticket(), OptionalLong.of(alicesSession)))
                .as("for another stream")
                .isEmpty();
        assertThat(tickets.redeem(all.ticket(), OptionalLong.empty()))
                .as("gone once presented")
                .isEmpty();
        assertThat(tickets.redeem(one.ticket(), OptionalLong.empty()))
                .as("for another stream")
                .isEmpty();
        assertThat(tickets.redeem(one.ticket(), OptionalLong.of(alicesSession)))
                .as("gone once presented")
                .isEmpty();

        StreamTicket again = tickets.issue(TOKEN, bob, OptionalLong.empty());
        assertThat(tickets.redeem(again.ticket(), OptionalLong.empty())).hasValue(TOKEN);
    }

    @Test
    void aTicketOpensNothingFromTheMomentItExpires() {
        StreamTicket lastMoment = tickets.issue(TOKEN, alice, OptionalLong.empty());
        StreamTicket expired = tickets.issue(TOKEN, alice, OptionalLong.empty());

        clock.set(clock.instant().plus(LIFETIME).minusMillis(1));
        assertThat(tickets.redeem(lastMoment.ticket(), OptionalLong.empty())).hasValue(TOKEN);
        clock.set(clock.instant().plusMillis(1));
        assertThat(tickets.redeem(expired.ticket(), OptionalLong.empty())).isEmpty();
    }

    @Test
    void onlyAMemberGetsATicketForASessionAndARefusalStoresNothing() {
        assertThatThrownBy(() -> tickets.issue(TOKEN, bob, OptionalLong.of(alicesSession)))
                .isInstanceOf(ApiException.NotFound.class)
                .hasMessageContaining("session " + alicesSession);
        assertThatThrownBy(() -> tickets.issue(TOKEN, alice, OptionalLong.of(alicesSession + 1)))
                .isInstanceOf(ApiException.NotFound.class);

        assertThat(storedTickets()).isZero();
    }

    @Test
    void issuingATicketClearsTheExpiredOnesAndKeepsTheOthers() {
        tickets.issue(TOKEN, alice, OptionalLong.empty());
        clock.set(clock.instant().plusSeconds(10));
        StreamTicket later = tickets.issue(TOKEN, alice, OptionalLong.empty());

        clock.set(clock.instant().plus(LIFETIME).minusSeconds(10));
        tickets.issue(TOKEN, bob, OptionalLong.empty());

        assertThat(storedTickets())
                .as("the first expired this very moment and went; the others stay")
                .isEqualTo(2);
        assertThat(tickets.redeem(later.ticket(), OptionalLong.empty())).hasValue(TOKEN);
    }

    @Test
    void textThatIsNoTicketOpensNothing() {
        tickets.issue(TOKEN, alice, OptionalLong.empty());

        assertThat(tickets.redeem("not a ticket", OptionalLong.empty())).isEmpty();
        assertThat(tickets.redeem(TicketSecret.generate().text(), OptionalLong.empty()))
                .isEmpty();
        assertThat(storedTickets()).isEqualTo(1);
    }

    private int storedTickets() {
        return db.reads().fetchCount(STREAM_TICKETS);
    }

    /** The time the tickets are issued and presented at, moved by the test. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
