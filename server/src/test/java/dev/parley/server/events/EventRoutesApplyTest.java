package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.ParleyConfig;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.ClientAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the event routes do with each committed change the database tells: a session's change goes to
 * its streams, changes that may have been missed end every stream (their clients resume from their
 * last id), a revoked log-in leaves the streams to notice it themselves; closing ends them all.
 */
class EventRoutesApplyTest {

    @TempDir
    Path dir;

    private Database db;
    private final LocalFanOut fanOut = new LocalFanOut();
    private EventRoutes routes;
    private Subscription ofSession;
    private Subscription ofAll;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 1);
        ParleyConfig.Events settings = new ParleyConfig.Events(Duration.ofSeconds(15), Duration.ofSeconds(2), 8, 1 << 20,
                1 << 24, 4, 4, 4, Duration.ofMinutes(1));
        routes = new EventRoutes(db, fanOut, token -> Optional.empty(), new ClientAddress(List.of()), settings,
                Clock.systemUTC());
        ofSession = Subscription.ofSession(1, 1, new StreamBuffers(8, Long.MAX_VALUE, Long.MAX_VALUE));
        ofAll = Subscription.ofAllSessions(2, Set.of(1L), new StreamBuffers(8, Long.MAX_VALUE, Long.MAX_VALUE));
        fanOut.subscribe(ofSession);
        fanOut.subscribe(ofAll);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionsChangeReachesItsStreamsAndARevokedLogInNone() throws InterruptedException {
        routes.apply(new Change.GrantRevoked(7));
        routes.apply(new SessionChange.MessagePosted(new Message(5, 1, 1, "a@example.com", "hi", Instant.EPOCH)));

        for (Subscription stream : List.of(ofSession, ofAll)) {
            assertThat(((Subscription.Frame) stream.next(Duration.ZERO)).messageId()).isEqualTo(5);
            assertThat(stream.next(Duration.ZERO)).isNull();
        }
    }

    @Test
    void changesThatMayHaveBeenMissedEndEveryStream() throws InterruptedException {
        routes.apply(new Change.MaybeMissed());

        for (Subscription stream : List.of(ofSession, ofAll)) {
            assertThat(stream.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.CHANGES_MISSED));
        }
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void closingEndsEveryStreamAsTheServerStops() throws InterruptedException {
        routes.close();

        for (Subscription stream : List.of(ofSession, ofAll)) {
            assertThat(stream.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.SERVER_STOPPING));
        }
    }
}
