package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.metrics.Meters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a stream writes once live, without a replay: its opening, each queued frame once in id
 * order (an id not above the last written is dropped, as after a replay it was written already),
 * keep-alive comments while idle, and at the end a comment and an {@code end} event saying why.
 */
@Timeout(60)
class LiveEventStreamTest {

    private final Subscription subscription = Subscription.ofSession(1, 7, new StreamBuffers(16, 1 << 20, 1 << 24));

    @Test
    void framesAreWrittenOnceInIdOrderAndTheEndSaysWhy() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Writing writing = new Writing(Duration.ofMinutes(5))) {
            assertThat(writing.line()).isEqualTo("retry: 1000");
            assertThat(writing.line()).isEmpty();
            subscription.offer(EventFrames.message(message(5)));
            assertThat(writing.line()).isEqualTo("id: 5");
            subscription.offer(EventFrames.message(message(3)));
            subscription.offer(EventFrames.message(message(5)));
            subscription.offer(EventFrames.message(message(6)));
            subscription.offer(EventFrames.message(message(8)));
            String line;
            while (!(line = writing.line()).equals("id: 8")) {
                lines.add(line);
            }
            subscription.end(Subscription.End.FELL_BEHIND);
            for (line = writing.line(); line != null; line = writing.line()) {
                lines.add(line);
            }
        }
        assertThat(lines).filteredOn(line -> line.startsWith("id: ")).containsExactly("id: 6");
        assertThat(lines)
                .containsSequence(
                        ": " + Subscription.End.FELL_BEHIND.comment(),
                        "",
                        "event: end",
                        "data: {\"reason\":\"fell_behind\"}",
                        "");
    }

    @Test
    void anIdleStreamWritesKeepAliveComments() throws Exception {
        try (Writing writing = new Writing(Duration.ofMillis(1))) {
            writing.line();
            writing.line();
            assertThat(writing.line()).isEqualTo(": keep-alive");
            assertThat(writing.line()).isEmpty();
            assertThat(writing.line()).isEqualTo(": keep-alive");
            subscription.end(Subscription.End.SERVER_STOPPING);
        }
    }

    private static Message message(long id) {
        return new Message(id, 7, 1, "a@example.com", "text " + id, Instant.EPOCH, null, null, null);
    }

    /** The stream written on a thread of its own, read line by line. */
    private final class Writing implements AutoCloseable {
        private final BufferedReader lines;
        private final Thread writer;

        Writing(Duration heartbeat) throws IOException {
            PipedInputStream received = new PipedInputStream(1 << 16);
            PipedOutputStream written = new PipedOutputStream(received);
            lines = new BufferedReader(new InputStreamReader(received, StandardCharsets.UTF_8));
            EventStream stream = new EventStream(
                    null,
                    subscription,
                    OptionalLong.of(7),
                    heartbeat,
                    Optional::empty,
                    new StreamMeters(Meters.none()));
            writer = Thread.ofVirtual().start(() -> {
                try (written) {
                    stream.writeTo(written, EventFrames.retry(Duration.ofSeconds(1)), OptionalLong.empty());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        String line() throws IOException {
            return lines.readLine();
        }

        /** Waits for the stream to end (the test ends its subscription first). */
        @Override
        public void close() throws IOException {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.close();
        }
    }
}
