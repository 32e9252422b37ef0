package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one projection of messages, its pages (bounded in count and in text), and the membership
 * rule every feature's queries share.
 */
class MessageRowsTest {

    @TempDir
    Path dir;

    private Database db;
    private long member;
    private long outsider;
    private long session;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 1);
        member = user("member@example.com");
        outsider = user("outsider@example.com");
        session = db.writer().write(tx -> Rows.session(tx, member));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aPageHoldsUpToItsLimitAndSaysWhetherMoreFollow() {
        List<Message> posted = List.of(post("a"), post("b"), post("c"));

        MessageRows.Page two = page(2);
        MessageRows.Page three = page(3);

        assertThat(two.messages()).containsExactlyElementsOf(posted.subList(0, 2));
        assertThat(two.hasMore()).isTrue();
        assertThat(three.messages()).containsExactlyElementsOf(posted);
        assertThat(three.hasMore()).isFalse();
    }

    @Test
    void aPageStopsBeforeItsTextsPassTheBoundButAlwaysTakesTheFirst() {
        int length = 4_000;
        List<Message> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            posted.add(post(Character.toString('a' + i).repeat(length)));
        }

        MessageRows.Page page = page(500);

        int fit = MessageRows.MAX_PAGE_TEXT / length;
        assertThat(page.messages()).containsExactlyElementsOf(posted.subList(0, fit));
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void textsFillingThePageExactlyFitIt() {
        int length = MessageRows.MAX_PAGE_TEXT / 2;
        List<Message> posted = List.of(post("x".repeat(length)), post("y".repeat(length)), post("z"));

        MessageRows.Page page = page(500);

        assertThat(page.messages()).containsExactlyElementsOf(posted.subList(0, 2));
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void aTextLongerThanThePageBoundStillComesAlone() {
        Message longest = post("x".repeat(MessageRows.MAX_PAGE_TEXT + 1));
        post("next");

        MessageRows.Page page = page(500);

        assertThat(page.messages()).containsExactly(longest);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void membershipIncludesMembersOnly() {
        assertThat(Membership.includes(db.reads(), session, member)).isTrue();
        assertThat(Membership.includes(db.reads(), session, outsider)).isFalse();
        assertThat(Membership.includes(db.reads(), session + 1, member)).isFalse();
        post("seen by members");
        assertThat(db.reads().fetchCount(MESSAGES, Membership.includes(MESSAGES.SESSION_ID, member)))
                .isEqualTo(1);
        assertThat(db.reads().fetchCount(MESSAGES, Membership.includes(MESSAGES.SESSION_ID, outsider)))
                .isZero();
    }

    private MessageRows.Page page(int limit) {
        return MessageRows.fetchPage(
                MessageRows.select(db.reads())
                        .where(MESSAGES.SESSION_ID.eq(session))
                        .orderBy(MESSAGES.ID.asc()),
                limit);
    }

    private Message post(String text) {
        return db.writer().write(tx -> Rows.message(tx, db.writer(), session, member, "member@example.com", text));
    }

    private long user(String email) {
        return db.writer().write(tx -> Rows.user(tx, email));
    }
}
