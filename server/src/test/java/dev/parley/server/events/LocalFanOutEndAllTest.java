package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.metrics.Meters;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ending every stream reaches all of them, a stream of all sessions of a user who is in none
 * included (it is indexed by its user only), and the count of open streams sees each once.
 */
class LocalFanOutEndAllTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;

    private final LocalFanOut fanOut = new LocalFanOut(new StreamMeters(Meters.none()));

    @Test
    void aStreamOfAllSessionsOfAUserInNoneCountsAsOpenAndIsEnded() throws InterruptedException {
        Subscription inNone = subscribe(Subscription.ofAllSessions(BOB, Set.of(), buffers()));
        assertThat(fanOut.openStreams()).isEqualTo(1);

        fanOut.endAll(Subscription.End.CHANGES_MISSED);

        assertThat(inNone.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.CHANGES_MISSED));
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void everyStreamIsCountedOnceAndEndedOnceWithTheReasonGiven() throws InterruptedException {
        Subscription one = subscribe(Subscription.ofSession(ALICE, 1, buffers()));
        Subscription all = subscribe(Subscription.ofAllSessions(ALICE, Set.of(1L, 2L), buffers()));
        Subscription other = subscribe(Subscription.ofSession(BOB, 2, buffers()));
        assertThat(fanOut.openStreams()).isEqualTo(3);

        fanOut.endAll(Subscription.End.CHANGES_MISSED);
        fanOut.publish(new SessionChange.MessagePosted(
                new Message(9, 1, ALICE, "a@example.com", "late", Instant.EPOCH, null, null, null)));

        for (Subscription stream : Set.of(one, all, other)) {
            assertThat(stream.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(Subscription.End.CHANGES_MISSED));
            assertThat(stream.next(Duration.ZERO))
                    .as("ended once, and nothing after the end")
                    .isNull();
        }
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void aStreamOfAllSessionsOfAUserInNoneFollowsTheFirstSessionTheyJoin() throws InterruptedException {
        Subscription inNone = subscribe(Subscription.ofAllSessions(BOB, Set.of(), buffers()));

        fanOut.publish(new SessionChange.MemberAdded(4, BOB, "bob@example.com"));
        fanOut.publish(new SessionChange.MessagePosted(
                new Message(10, 4, ALICE, "a@example.com", "hi", Instant.EPOCH, null, null, null)));

        assertThat(inNone.next(Duration.ZERO)).isInstanceOf(Subscription.Frame.class);
        assertThat(((Subscription.Frame) inNone.next(Duration.ZERO)).seq()).isEqualTo(10);
        assertThat(fanOut.openStreams()).isEqualTo(1);
        fanOut.unsubscribe(inNone);
        assertThat(fanOut.openStreams()).isZero();
    }

    private Subscription subscribe(Subscription subscription) {
        fanOut.subscribe(subscription);
        return subscription;
    }

    private static StreamBuffers buffers() {
        return new StreamBuffers(8, Long.MAX_VALUE, Long.MAX_VALUE);
    }
}
