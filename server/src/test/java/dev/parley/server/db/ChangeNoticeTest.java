package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Message;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change as the small JSON another server reads back from a PostgreSQL notification. */
class ChangeNoticeTest {

    @Test
    void everyToldChangeComesBackAsItWasTold() {
        List<Change> changes = List.of(
                new SessionChange.MemberAdded(3, 4, "ann@example.com"),
                new SessionChange.MemberRemoved(5, 6, "bob@example.com"),
                new SessionChange.SessionRenamed(9, "Retold"),
                new SessionChange.SessionDeleted(7),
                new Change.GrantRevoked(8));
        long number = 0;
        for (Change change : changes) {
            number++;
            ChangeNotice notice = ChangeNotice.parse(
                            ChangeNotice.of("origin", number, change).json())
                    .orElseThrow();

            assertThat(notice.origin()).isEqualTo("origin");
            assertThat(notice.number()).isEqualTo(number);
            assertThat(notice.change()).isEqualTo(change);
        }
    }

    @Test
    void aNewMessageIsToldByItsIdAndSessionOnly() {
        Message message = new Message(
                41, 9, 2, "a@example.com", "the text stays in the database", Instant.EPOCH, null, null, null);

        String json = ChangeNotice.of("o", 1, new SessionChange.MessagePosted(message))
                .json();
        ChangeNotice notice = ChangeNotice.parse(json).orElseThrow();

        assertThat(json).doesNotContain("the text");
        assertThat(notice.kind()).isEqualTo(ChangeNotice.Kind.MESSAGE_POSTED);
        assertThat(notice.id()).isEqualTo(41);
        assertThat(notice.sessionId()).isEqualTo(9);
        assertThatThrownBy(notice::change).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEditOrADeletionIsToldByItsMessagesIdItsSeqAndTheSeqBeforeAndComesBackWithTheMessageRead() {
        Message edited = new Message(
                41,
                9,
                2,
                "a@example.com",
                "the new text stays in the database",
                Instant.EPOCH,
                40L,
                Instant.EPOCH,
                null);
        Message tombstone = new Message(41, 9, 2, "a@example.com", null, Instant.EPOCH, 40L, null, Instant.EPOCH);
        List<SessionChange.MessageChanged> changes = List.of(
                new SessionChange.MessageEdited(edited, 57, 41), new SessionChange.MessageDeleted(tombstone, 60, 57));

        for (SessionChange.MessageChanged change : changes) {
            String json = ChangeNotice.of("o", 1, change).json();
            ChangeNotice notice = ChangeNotice.parse(json).orElseThrow();

            assertThat(json).doesNotContain("the new text");
            assertThat(notice.id()).isEqualTo(41);
            assertThat(notice.sessionId()).isEqualTo(9);
            assertThat(notice.seq()).isEqualTo(change.seq());
            assertThat(notice.previousSeq()).isEqualTo(change.previousSeq());
            assertThatThrownBy(notice::change).isInstanceOf(IllegalStateException.class);
            assertThat(notice.messageChange(change.message())).isEqualTo(change);
        }
    }

    @Test
    void aPayloadThisVersionDoesNotUnderstandIsSkipped() {
        assertThat(ChangeNotice.parse("not json")).isEmpty();
        assertThat(ChangeNotice.parse("{\"o\":\"x\",\"n\":1,\"k\":\"SOMETHING_NEW\",\"s\":1,\"i\":1}"))
                .isEmpty();
        assertThatThrownBy(() -> ChangeNotice.of("o", 1, new Change.MaybeMissed()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
