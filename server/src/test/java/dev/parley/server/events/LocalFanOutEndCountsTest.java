package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.testing.MeterReadings;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each stream the fan-out ends is counted once, under the reason its client is told; a removed
 * member's stream that is behind is told (and counted) that they were removed, not that it fell
 * behind: resuming, as {@code fell_behind} asks, would only meet a 404.
 */
class LocalFanOutEndCountsTest {

    private static final String ENDED = "parley.events.streams.ended";
    private static final long ALICE = 1;
    private static final long BOB = 2;

    private final MeterReadings readings = new MeterReadings();
    private final LocalFanOut fanOut = new LocalFanOut(new StreamMeters(readings.meters()));
    private long nextId = 100;

    @AfterEach
    void close() {
        readings.close();
    }

    @Test
    void aStreamThatFellBehindIsCountedOnce() throws InterruptedException {
        Subscription slow = subscribe(Subscription.ofSession(ALICE, 1, oneFrame()));

        post(1);
        post(1);
        post(1);
        fanOut.endAll(Subscription.End.CHANGES_MISSED);

        assertThat(slow.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.FELL_BEHIND));
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isEqualTo(1);
        assertThat(readings.count(ENDED, "reason", "changes_missed")).isZero();
    }

    @Test
    void aStreamSubscribedAfterTheCloseIsCountedAsServerStopping() throws InterruptedException {
        fanOut.close();

        Subscription late = subscribe(Subscription.ofAllSessions(BOB, Set.of(1L), oneFrame()));

        assertThat(late.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.SERVER_STOPPING));
        assertThat(readings.count(ENDED, "reason", "server_stopping")).isEqualTo(1);
    }

    @Test
    void aRemovedMembersStreamThatIsBehindIsEndedAndCountedAsRemoved() throws InterruptedException {
        Subscription bobs = subscribe(Subscription.ofSession(BOB, 1, oneFrame()));
        post(1);

        fanOut.publish(new SessionChange.MemberRemoved(1, BOB, "bob@example.com"));

        assertThat(bobs.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.REMOVED));
        assertThat(readings.count(ENDED, "reason", "removed")).isEqualTo(1);
        assertThat(readings.count(ENDED, "reason", "fell_behind")).isZero();
    }

    private Subscription subscribe(Subscription subscription) {
        fanOut.subscribe(subscription);
        return subscription;
    }

    private void post(long sessionId) {
        fanOut.publish(new SessionChange.MessagePosted(
                new Message(nextId++, sessionId, ALICE, "alice@example.com", "hi", Instant.EPOCH, null, null, null)));
    }

    /** Buffers for a stream that falls behind with a second frame queued. */
    private static StreamBuffers oneFrame() {
        return new StreamBuffers(1, Long.MAX_VALUE, Long.MAX_VALUE);
    }
}
