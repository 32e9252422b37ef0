package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.metrics.Meters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-process fan-out: who gets which message, and when a stream is ended. */
class LocalFanOutTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final String BOBS_EMAIL = "bob@example.com";

    private final LocalFanOut fanOut = new LocalFanOut(new StreamMeters(Meters.none()));
    private long nextId = 100;

    @Test
    void aMessageReachesTheStreamsOfItsSessionOnly() throws InterruptedException {
        Subscription ofOne = subscribe(Subscription.ofSession(ALICE, 1, frames(8)));
        Subscription ofTwo = subscribe(Subscription.ofSession(ALICE, 2, frames(8)));

        Message message = post(1);

        assertFrame(ofOne, message);
        assertThat(ofTwo.next(Duration.ZERO)).isNull();
    }

    @Test
    void aStreamThatFallsBehindIsEndedWhileTheOthersGoOn() throws InterruptedException {
        Subscription slow = subscribe(Subscription.ofSession(ALICE, 1, frames(2)));
        Subscription fast = subscribe(Subscription.ofSession(BOB, 1, frames(8)));

        Message first = post(1);
        assertFrame(fast, first);
        post(1);
        post(1);
        Message fourth = post(1);

        assertEnded(slow, Subscription.End.FELL_BEHIND);
        assertThat(fast.next(Duration.ZERO)).isInstanceOf(Subscription.Frame.class);
        assertThat(fast.next(Duration.ZERO)).isInstanceOf(Subscription.Frame.class);
        assertFrame(fast, fourth);
        assertThat(fanOut.openStreams()).isEqualTo(1);
    }

    @Test
    void removingAMemberEndsTheirStreamOfThatSessionOnlyAndTellsTheOthers() throws InterruptedException {
        Subscription alices = subscribe(Subscription.ofSession(ALICE, 1, frames(8)));
        Subscription bobs = subscribe(Subscription.ofSession(BOB, 1, frames(8)));

        fanOut.publish(new SessionChange.MemberRemoved(1, BOB, BOBS_EMAIL));
        Message after = post(1);

        assertEnded(bobs, Subscription.End.REMOVED);
        assertNotice(alices, "member_left", "{\"session_id\":1,\"user_id\":2,\"email\":\"bob@example.com\"}");
        assertFrame(alices, after);
    }

    @Test
    void aStreamOfAllSessionsFollowsJoinsAndLeavesAndDeletionsAndIsToldOfThem() throws InterruptedException {
        Subscription all = subscribe(Subscription.ofAllSessions(BOB, Set.of(1L, 2L), frames(16)));

        fanOut.publish(new SessionChange.MemberAdded(3, BOB, BOBS_EMAIL));
        fanOut.publish(new SessionChange.MemberAdded(3, ALICE, "alice@example.com"));
        Message inThree = post(3);
        fanOut.publish(new SessionChange.SessionRenamed(3, "Book club"));
        fanOut.publish(new SessionChange.MemberRemoved(1, BOB, BOBS_EMAIL));
        fanOut.publish(new SessionChange.SessionDeleted(2));
        post(1);
        post(2);
        Message stillInThree = post(3);

        assertNotice(all, "member_joined", "{\"session_id\":3,\"user_id\":2,\"email\":\"bob@example.com\"}");
        assertNotice(all, "member_joined", "{\"session_id\":3,\"user_id\":1,\"email\":\"alice@example.com\"}");
        assertFrame(all, inThree);
        assertNotice(all, "session_renamed", "{\"session_id\":3,\"title\":\"Book club\"}");
        assertNotice(all, "member_left", "{\"session_id\":1,\"user_id\":2,\"email\":\"bob@example.com\"}");
        assertNotice(all, "session_deleted", "{\"session_id\":2}");
        assertFrame(all, stillInThree);
        assertThat(all.next(Duration.ZERO)).isNull();
    }

    @Test
    void deletingASessionEndsEveryStreamOfIt() throws InterruptedException {
        Subscription alices = subscribe(Subscription.ofSession(ALICE, 1, frames(8)));
        Subscription bobs = subscribe(Subscription.ofSession(BOB, 1, frames(8)));

        fanOut.publish(new SessionChange.SessionDeleted(1));

        assertEnded(alices, Subscription.End.SESSION_DELETED);
        assertEnded(bobs, Subscription.End.SESSION_DELETED);
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void closingEndsEveryStreamAndRefusesNewOnes() throws InterruptedException {
        Subscription open = subscribe(Subscription.ofSession(ALICE, 1, frames(8)));

        fanOut.close();
        Subscription late = subscribe(Subscription.ofAllSessions(BOB, Set.of(1L), frames(8)));

        assertEnded(open, Subscription.End.SERVER_STOPPING);
        assertEnded(late, Subscription.End.SERVER_STOPPING);
    }

    @Test
    void theOtherStreamsOfASessionAndOfAUserGoOnWhenOneLeaves() throws InterruptedException {
        Subscription leaving = subscribe(Subscription.ofSession(ALICE, 1, frames(8)));
        Subscription staying = subscribe(Subscription.ofSession(BOB, 1, frames(8)));
        Subscription allLeaving = subscribe(Subscription.ofAllSessions(ALICE, Set.of(1L), frames(8)));
        Subscription allStaying = subscribe(Subscription.ofAllSessions(ALICE, Set.of(1L), frames(8)));

        fanOut.unsubscribe(leaving);
        fanOut.unsubscribe(allLeaving);
        Message message = post(1);
        fanOut.publish(new SessionChange.MemberAdded(2, ALICE, "alice@example.com"));
        Message inTheNewSession = post(2);

        assertFrame(staying, message);
        assertFrame(allStaying, message);
        assertNotice(allStaying, "member_joined", "{\"session_id\":2,\"user_id\":1,\"email\":\"alice@example.com\"}");
        assertFrame(allStaying, inTheNewSession);
        assertThat(fanOut.openStreams()).isEqualTo(2);
    }

    @Test
    void anUnsubscribedStreamGetsNothingMore() throws InterruptedException {
        Subscription stream = subscribe(Subscription.ofAllSessions(ALICE, Set.of(1L), frames(8)));

        fanOut.unsubscribe(stream);
        post(1);
        fanOut.publish(new SessionChange.MemberAdded(2, ALICE, "alice@example.com"));
        post(2);

        assertThat(stream.next(Duration.ZERO)).isNull();
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void aStreamPastItsBytesIsEndedThoughItHasFewFrames() throws InterruptedException {
        StreamBuffers buffers = new StreamBuffers(1024, 3 * frameSize(), Long.MAX_VALUE);
        Subscription slow = subscribe(Subscription.ofSession(ALICE, 1, buffers));
        Subscription fast = subscribe(Subscription.ofSession(BOB, 1, buffers));

        for (int i = 0; i < 3; i++) {
            assertFrame(fast, post(1));
        }
        Message fourth = post(1);

        assertEnded(slow, Subscription.End.FELL_BEHIND);
        assertFrame(fast, fourth);
        assertThat(buffers.queued()).isZero();
    }

    @Test
    void whenAllStreamsHoldTheirShareTheOnesBehindAreEndedAndOnesKeepingUpAreNot() throws InterruptedException {
        StreamBuffers buffers = new StreamBuffers(1024, Long.MAX_VALUE, 5 * frameSize());
        Subscription slowOne = subscribe(Subscription.ofSession(ALICE, 1, buffers));
        Subscription slowTwo = subscribe(Subscription.ofSession(BOB, 2, buffers));
        post(1);
        post(1);
        post(2);
        post(2);
        Subscription keepingUp = subscribe(Subscription.ofSession(BOB, 3, buffers));

        Message third = post(3);
        post(1);

        assertFrame(keepingUp, third);
        assertEnded(slowOne, Subscription.End.FELL_BEHIND);
        assertThat(slowTwo.next(Duration.ZERO)).isInstanceOf(Subscription.Frame.class);
        assertThat(buffers.queued()).isEqualTo(frameSize());
    }

    @Test
    void aStreamWhoseClientLeftGivesBackTheRoomOfWhatItHadQueued() throws InterruptedException {
        StreamBuffers buffers = new StreamBuffers(1024, Long.MAX_VALUE, Long.MAX_VALUE);
        Subscription left = subscribe(Subscription.ofSession(ALICE, 1, buffers));
        Subscription ended = subscribe(Subscription.ofSession(BOB, 1, buffers));
        post(1);
        post(1);
        assertThat(left.next(Duration.ZERO)).isInstanceOf(Subscription.Frame.class);

        fanOut.unsubscribe(left);
        fanOut.endAll(Subscription.End.SERVER_STOPPING);

        assertThat(buffers.queued()).isZero();
        assertEnded(ended, Subscription.End.SERVER_STOPPING);
    }

    private Subscription subscribe(Subscription subscription) {
        fanOut.subscribe(subscription);
        return subscription;
    }

    private Message post(long sessionId) {
        Message message =
                new Message(nextId++, sessionId, ALICE, "alice@example.com", "hi", Instant.EPOCH, null, null, null);
        fanOut.publish(new SessionChange.MessagePosted(message));
        return message;
    }

    /** Buffers for streams that may queue {@code frames} frames, however large. */
    private static StreamBuffers frames(int frames) {
        return new StreamBuffers(frames, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** The size of every frame these tests publish: same text, ids of the same length. */
    private long frameSize() {
        return EventFrames.message(
                        new Message(nextId, 1, ALICE, "alice@example.com", "hi", Instant.EPOCH, null, null, null))
                .bytes()
                .length;
    }

    private static void assertFrame(Subscription stream, Message message) throws InterruptedException {
        Subscription.Item item = stream.next(Duration.ZERO);
        assertThat(item).isInstanceOf(Subscription.Frame.class);
        Subscription.Frame frame = (Subscription.Frame) item;
        assertThat(frame.seq()).isEqualTo(message.id());
        assertThat(new String(frame.bytes(), StandardCharsets.UTF_8))
                .startsWith("id: " + message.id() + "\nevent: message\ndata: {")
                .endsWith("}\n\n");
    }

    private static void assertNotice(Subscription stream, String event, String data) throws InterruptedException {
        Subscription.Item item = stream.next(Duration.ZERO);
        assertThat(item).isInstanceOf(Subscription.Frame.class);
        Subscription.Frame frame = (Subscription.Frame) item;
        assertThat(frame.isMessage()).isFalse();
        assertThat(new String(frame.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("event: " + event + "\ndata: " + data + "\n\n");
    }

    private static void assertEnded(Subscription stream, Subscription.End end) throws InterruptedException {
        assertThat(stream.next(Duration.ZERO)).isEqualTo(new Subscription.Ended(end));
    }
}
