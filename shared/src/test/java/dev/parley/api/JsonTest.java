package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesSnakeCaseAndMillisecondUtcTimes() throws JsonProcessingException {
        Message message =
                new Message(7, 3, 1, "a@example.com", "hi", Instant.parse("2026-11-25T21:49:53Z"), 5L, null, null);

        String json = Json.mapper().writeValueAsString(message);

        assertThat(json)
                .isEqualTo("{\"id\":7,\"session_id\":3,\"user_id\":1,\"user_email\":\"a@example.com\","
                        + "\"text\":\"hi\",\"created_at\":\"2026-11-25T21:49:53.000Z\",\"reply_to\":5,"
                        + "\"edited_at\":null,\"deleted_at\":null}");
    }

    @Test
    void writesATombstoneWithItsTextNullAndReadsItBack() throws JsonProcessingException {
        Instant posted = Instant.parse("2026-11-25T21:49:53.123Z");
        Message tombstone = new Message(7, 3, 1, "a@example.com", null, posted, null, null, posted.plusSeconds(60));

        String json = Json.mapper().writeValueAsString(tombstone);

        assertThat(json)
                .contains(
                        "\"text\":null",
                        "\"reply_to\":null",
                        "\"edited_at\":null",
                        "\"deleted_at\":\"2026-11-25T21:50:53.123Z\"");
        assertThat(Json.mapper().readValue(json, Message.class)).isEqualTo(tombstone);
    }

    @Test
    void readsAReplyToAndItsAbsence() throws JsonProcessingException {
        assertThat(Json.mapper().readValue("{\"text\":\"yes\",\"reply_to\":12}", NewMessage.class))
                .isEqualTo(new NewMessage("yes", 12L));
        assertThat(Json.mapper().readValue("{\"text\":\"yes\"}", NewMessage.class))
                .isEqualTo(new NewMessage("yes"));
    }

    @Test
    void formatsEveryTimeWithExactlyThreeFractionDigits() {
        assertThat(Json.formatTime(Instant.parse("2026-01-02T03:04:05.067891Z")))
                .isEqualTo("2026-01-02T03:04:05.067Z");
        assertThat(Json.formatTime(Instant.parse("0999-12-31T23:59:59.999Z"))).isEqualTo("0999-12-31T23:59:59.999Z");
        assertThat(Json.formatTime(Instant.parse("2026-11-25T21:49:53.100Z"))).isEqualTo("2026-11-25T21:49:53.100Z");
    }

    @Test
    void leavesAbsentOptionalFieldsOut() throws JsonProcessingException {
        Session session = new Session(1, "t", 2, Instant.parse("2026-11-25T21:49:53.123Z"), null, 1, null, 0);

        assertThat(Json.mapper().writeValueAsString(session))
                .doesNotContain("last_message_at")
                .doesNotContain("last_read_id")
                .contains("\"member_count\":1", "\"unread_count\":0");
    }

    @Test
    void readsWhatItWrites() throws JsonProcessingException {
        Session session = new Session(
                1,
                "t",
                2,
                Instant.parse("2026-11-25T21:49:53.123Z"),
                Instant.parse("2026-11-25T22:00:00.001Z"),
                2,
                7L,
                3);

        String json = Json.mapper().writeValueAsString(session);

        assertThat(Json.mapper().readValue(json, Session.class)).isEqualTo(session);
    }

    @Test
    void writesMemberRolesInLowerCase() throws JsonProcessingException {
        Member owner = new Member(1, "a@example.com", Member.Role.OWNER, Instant.parse("2026-11-25T21:49:53.123Z"));

        String json = Json.mapper().writeValueAsString(owner);

        assertThat(json).contains("\"role\":\"owner\"", "\"user_id\":1", "\"joined_at\":");
        assertThat(Json.mapper().readValue(json, Member.class)).isEqualTo(owner);
    }

    @Test
    void refusesANumberWhereTextBelongs() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"text\":42}", NewMessage.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void refusesDeepNesting() {
        String deep = "{\"text\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThatThrownBy(() -> Json.mapper().readValue(deep, NewMessage.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void passwordsStayOutOfToString() {
        assertThat(new Registration("a@example.com", "hunter22secret").toString())
                .doesNotContain("hunter22");
    }
}
