package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The room streams may queue, at its exact bounds: a stream may hold {@code frames} frames and
 * {@code streamBytes} bytes, all of them together {@code totalBytes}; a stream with nothing queued
 * always takes the next frame.
 */
class StreamBuffersTest {

    @Test
    void aStreamTakesFramesUpToItsCountAndNotOneMore() {
        StreamBuffers buffers = new StreamBuffers(3, Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(buffers.take(2, 20, 10)).as("the third frame").isTrue();
        assertThat(buffers.take(3, 30, 10)).as("a fourth frame").isFalse();
        assertThat(buffers.queued()).isEqualTo(10);
    }

    @Test
    void aStreamTakesBytesUpToItsShareExactlyAndNotOneMore() {
        StreamBuffers buffers = new StreamBuffers(100, 100, Long.MAX_VALUE);

        assertThat(buffers.take(1, 60, 40)).as("filling the share exactly").isTrue();
        assertThat(buffers.take(1, 60, 41)).as("one byte past the share").isFalse();
        assertThat(buffers.queued()).isEqualTo(40);
    }

    @Test
    void allStreamsTogetherTakeUpToTheTotalExactlyAndARefusedFrameLeavesNoTrace() {
        StreamBuffers buffers = new StreamBuffers(100, Long.MAX_VALUE, 100);
        assertThat(buffers.take(0, 0, 60)).isTrue();

        assertThat(buffers.take(1, 60, 41)).as("one byte past the total").isFalse();
        assertThat(buffers.queued()).as("the refused frame took nothing").isEqualTo(60);
        assertThat(buffers.take(1, 60, 40)).as("filling the total exactly").isTrue();
        assertThat(buffers.queued()).isEqualTo(100);
    }

    @Test
    void aStreamWithNothingQueuedTakesTheNextFrameWhateverTheOthersHold() {
        StreamBuffers buffers = new StreamBuffers(1, 10, 10);
        assertThat(buffers.take(0, 0, 10)).isTrue();

        assertThat(buffers.take(0, 0, 50))
                .as("an empty stream, past every bound")
                .isTrue();
        assertThat(buffers.queued()).isEqualTo(60);
    }

    @Test
    void roomGivenBackIsTakenAgain() {
        StreamBuffers buffers = new StreamBuffers(100, Long.MAX_VALUE, 100);
        assertThat(buffers.take(0, 0, 100)).isTrue();
        assertThat(buffers.take(1, 100, 1)).isFalse();

        buffers.giveBack(30);

        assertThat(buffers.queued()).isEqualTo(70);
        assertThat(buffers.take(1, 70, 30)).isTrue();
        assertThat(buffers.queued()).isEqualTo(100);
    }
}
