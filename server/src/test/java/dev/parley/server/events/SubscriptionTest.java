package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One stream's queue: what it has read gives its room back, so a stream that keeps up never falls behind. */
class SubscriptionTest {

    @Test
    void aStreamThatKeepsReadingIsNeverBehindHoweverMuchItReadsOverall() throws InterruptedException {
        Subscription.Frame frame =
                EventFrames.message(new Message(1, 1, 1, "a@example.com", "hi", Instant.EPOCH, null, null, null));
        StreamBuffers buffers = new StreamBuffers(1024, 3L * frame.bytes().length, 3L * frame.bytes().length);
        Subscription stream = Subscription.ofSession(1, 1, buffers);

        for (int i = 0; i < 10; i++) {
            assertThat(stream.offer(frame)).as("frame %d", i).isTrue();
            assertThat(stream.offer(frame)).as("frame %d, second", i).isTrue();
            assertThat(stream.next(Duration.ZERO)).isEqualTo(frame);
            assertThat(stream.next(Duration.ZERO)).isEqualTo(frame);
        }

        assertThat(buffers.queued()).isZero();
    }
}
