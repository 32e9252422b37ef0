package dev.parley.server.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much the open streams may hold queued, frames encoded but not yet written: each stream at
 * most {@code frames} frames and {@code streamBytes} bytes, all of them together {@code totalBytes}
 * (a frame shared by several streams counts for each). A stream past its share has fallen behind
 * and is ended; its client resumes from its last event id, so nothing is lost, and a reader that
 * stops reading cannot hold the heap.
 *
 * <p>A stream with nothing queued always takes the next frame: one that keeps up is never ended for
 * others' backlog. So the total may pass {@code totalBytes} by one frame per stream, at most.
 */
final class StreamBuffers {

    private final int frames;
    private final long streamBytes;
    private final long totalBytes;
    private final AtomicLong queued = new AtomicLong();

    StreamBuffers(int frames, long streamBytes, long totalBytes) {
        this.frames = frames;
        this.streamBytes = streamBytes;
        this.totalBytes = totalBytes;
    }

    /**
     * Takes room for a frame of {@code size} bytes on a stream with {@code streamFrames} frames and
     * {@code streamQueued} bytes queued; false when the stream has fallen behind.
     */
    boolean take(int streamFrames, long streamQueued, int size) {
        if (streamFrames == 0) {
            queued.addAndGet(size);
            return true;
        }
        if (streamFrames >= frames || streamQueued + size > streamBytes) {
            return false;
        }
        if (queued.addAndGet(size) > totalBytes) {
            queued.addAndGet(-size);
            return false;
        }
        return true;
    }

    /** Gives back the room of frames written or dropped. */
    void giveBack(long size) {
        queued.addAndGet(-size);
    }

    /** Bytes queued on all streams now. */
    long queued() {
        return queued.get();
    }
}
