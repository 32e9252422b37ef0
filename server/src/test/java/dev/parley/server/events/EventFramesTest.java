package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.db.MessageRows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text/event-stream encoding: one event per message, on lines a client cannot misread. */
class EventFramesTest {

    @Test
    void aMessageIsOneEventWithItsIdAndOneLineOfJson() {
        Message message = new Message(
                42, 7, 3, "a@example.com", "two\nlines", Instant.parse("2026-01-02T03:04:05.678Z"), null, null, null);

        Subscription.Frame frame = EventFrames.message(message);

        assertThat(frame.seq()).isEqualTo(42);
        String text = new String(frame.bytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("id: 42\nevent: message\ndata: {").endsWith("}\n\n");
        assertThat(text.lines().toList()).hasSize(4);
        assertThat(text).contains("\"text\":\"two\\nlines\"");
    }

    @Test
    void aReplayedMessageIsNewAfterTheCursorAndAnEditOrDeletionAtItOrBefore() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        Message edited = new Message(5, 7, 3, "a@example.com", "fixed", at, null, at, null);
        Message deleted = new Message(5, 7, 3, "a@example.com", null, at, null, null, at);

        assertThat(event(EventFrames.replayed(new MessageRows.Sequenced(edited, 9), 4)))
                .startsWith("id: 9\nevent: message\n");
        assertThat(event(EventFrames.replayed(new MessageRows.Sequenced(edited, 9), 5)))
                .as("the client had message 5: its cursor is 5")
                .startsWith("id: 9\nevent: message_edited\n");
        assertThat(event(EventFrames.replayed(new MessageRows.Sequenced(deleted, 9), 5)))
                .startsWith("id: 9\nevent: message_deleted\n");
    }

    @Test
    void retryAdviceIsInMillisecondsAndACommentStaysOnOneLine() {
        assertThat(new String(EventFrames.retry(Duration.ofSeconds(3)), StandardCharsets.US_ASCII))
                .isEqualTo("retry: 3000\n\n");
        assertThat(new String(EventFrames.comment("a\nb"), StandardCharsets.UTF_8))
                .isEqualTo(": a b\n\n");
    }

    private static String event(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
