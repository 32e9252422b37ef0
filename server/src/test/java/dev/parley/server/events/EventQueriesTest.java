package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.db.MessageRows;
import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.Meters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that open a stream and the replay's pages, on a real SQLite database: only a member
 * follows a session, a stream of all sessions follows those its user is in, and a replay shows
 * what the user may see now, after the id given, in id order, a page at a time.
 */
class EventQueriesTest {

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @TempDir
    Path dir;

    private Database db;
    private LocalFanOut fanOut;
    private EventQueries queries;
    private EventRows rows;
    private long alice;
    private long bob;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 2);
        fanOut = new LocalFanOut(new StreamMeters(Meters.none()));
        queries = new EventQueries(db, fanOut);
        rows = new EventRows(db);
        alice = rows.user(ALICE);
        bob = rows.user(BOB);
    }

    @AfterEach
    void close() {
        fanOut.close();
        db.close();
    }

    @Test
    void aMemberFollowsTheSessionAndGetsItsMessages() throws InterruptedException {
        long session = rows.session(alice);

        Subscription stream = queries.followSession(alice, session, buffers());
        Message message = rows.message(session, alice, ALICE, "hello");
        fanOut.publish(new SessionChange.MessagePosted(message));

        assertThat(fanOut.openStreams()).isEqualTo(1);
        assertThat(stream.followsAll()).isFalse();
        assertThat(((Subscription.Frame) stream.next(Duration.ZERO)).seq()).isEqualTo(message.id());
    }

    @Test
    void someoneWhoIsNotAMemberCannotFollowTheSessionAndNoStreamIsOpened() {
        long session = rows.session(alice);

        assertThatThrownBy(() -> queries.followSession(bob, session, buffers()))
                .isInstanceOf(ApiException.NotFound.class)
                .hasMessage("session " + session + " does not exist or is not yours");
        assertThatThrownBy(() -> queries.followSession(alice, session + 1, buffers()))
                .isInstanceOf(ApiException.NotFound.class);
        assertThat(fanOut.openStreams()).isZero();
    }

    @Test
    void aStreamOfAllSessionsFollowsExactlyTheSessionsItsUserIsIn() {
        long alicesFirst = rows.session(alice);
        long alicesSecond = rows.session(alice);
        long bobsOwn = rows.session(bob);
        rows.join(alicesSecond, bob);

        Subscription bobsStream = queries.followAllSessions(bob, buffers());
        Subscription alicesStream = queries.followAllSessions(alice, buffers());

        assertThat(bobsStream.followsAll()).isTrue();
        assertThat(bobsStream.sessions()).containsExactlyInAnyOrder(alicesSecond, bobsOwn);
        assertThat(alicesStream.sessions()).containsExactlyInAnyOrder(alicesFirst, alicesSecond);
        assertThat(fanOut.openStreams()).isEqualTo(2);
    }

    @Test
    void theReplayOfASessionHoldsItsMessagesAfterTheIdInOrder() {
        long session = rows.session(alice);
        long other = rows.session(alice);
        Message first = rows.message(session, alice, ALICE, "one");
        rows.message(other, alice, ALICE, "elsewhere");
        Message second = rows.message(session, alice, ALICE, "two");
        Message third = rows.message(session, alice, ALICE, "three");

        MessageRows.Page page = after(alice, OptionalLong.of(session), first.id(), 10);

        assertThat(page.messages()).containsExactly(second, third);
        assertThat(page.hasMore()).isFalse();
        assertThat(after(alice, OptionalLong.of(session), 0, 10).messages()).containsExactly(first, second, third);
    }

    @Test
    void theReplayOfAllSessionsHoldsTheSessionsTheUserIsInNowOnly() {
        long shared = rows.session(alice);
        long alicesOwn = rows.session(alice);
        rows.join(shared, bob);
        Message inShared = rows.message(shared, alice, ALICE, "shared");
        rows.message(alicesOwn, alice, ALICE, "alice's own");
        Message laterInShared = rows.message(shared, bob, BOB, "shared again");

        assertThat(after(bob, OptionalLong.empty(), 0, 10).messages()).containsExactly(inShared, laterInShared);
        assertThat(after(bob, OptionalLong.of(alicesOwn), 0, 10).messages())
                .as("not a member")
                .isEmpty();

        rows.leave(shared, bob);

        assertThat(after(bob, OptionalLong.empty(), 0, 10).messages())
                .as("removed since")
                .isEmpty();
        assertThat(after(bob, OptionalLong.of(shared), 0, 10).messages())
                .as("removed since")
                .isEmpty();
    }

    @Test
    void theReplayComesAPageAtATime() {
        long session = rows.session(alice);
        List<Long> ids = rows.messages(session, alice, 5);

        MessageRows.Page first = after(alice, OptionalLong.of(session), 0, 3);
        MessageRows.Page rest = after(alice, OptionalLong.of(session), ids.get(2), 3);

        assertThat(first.messages()).extracting(Message::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(first.hasMore()).isTrue();
        assertThat(rest.messages()).extracting(Message::id).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(rest.hasMore()).isFalse();
    }

    @Test
    void theReplayInterleavesEditedMessagesByTheirNewSeqAcrossPages() {
        long session = rows.session(alice);
        List<Long> ids = rows.messages(session, alice, 4);
        long firstEdited = rows.edit(ids.get(0), "one, corrected");
        long fifth = rows.message(session, alice, ALICE, "five").id();
        long thirdEdited = rows.edit(ids.get(2), "three, corrected");
        long sixth = rows.message(session, alice, ALICE, "six").id();

        // Changed and unchanged messages are read from two indexes (V7 migration); each page must be
        // the first of their union in seq order, whichever holds it.
        List<List<Long>> pages = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            MessageRows.SequencedPage page =
                    queries.after(alice, OptionalLong.of(session), after, queries.counter(), 2);
            pages.add(page.messages().stream().map(MessageRows.Sequenced::seq).toList());
            after = page.messages().getLast().seq();
            more = page.hasMore();
        }

        assertThat(pages)
                .containsExactly(
                        List.of(ids.get(1), ids.get(3)), List.of(firstEdited, fifth), List.of(thirdEdited, sixth));
        assertThat(after(alice, OptionalLong.empty(), ids.get(3), 10).messages())
                .extracting(Message::text)
                .containsExactly("one, corrected", "five", "three, corrected", "six");
    }

    @Test
    void edgesOfThePageAreRightWhenItHoldsOnlyEditedMessages() {
        long session = rows.session(alice);
        List<Long> ids = rows.messages(session, alice, 3);
        long firstEdited = rows.edit(ids.get(0), "one, corrected");
        long secondEdited = rows.edit(ids.get(1), "two, corrected");
        long fourth = rows.message(session, alice, ALICE, "four").id();

        MessageRows.SequencedPage edits =
                queries.after(alice, OptionalLong.of(session), ids.get(2), queries.counter(), 2);
        MessageRows.SequencedPage rest =
                queries.after(alice, OptionalLong.of(session), secondEdited, queries.counter(), 2);

        assertThat(edits.messages()).extracting(MessageRows.Sequenced::seq).containsExactly(firstEdited, secondEdited);
        assertThat(edits.hasMore()).isTrue();
        assertThat(rest.messages()).extracting(MessageRows.Sequenced::seq).containsExactly(fourth);
        assertThat(rest.hasMore()).isFalse();
    }

    /** A replay's page from after {@code afterSeq}, up to what is committed now. */
    private MessageRows.Page after(long userId, OptionalLong sessionId, long afterSeq, int limit) {
        MessageRows.SequencedPage page = queries.after(userId, sessionId, afterSeq, queries.counter(), limit);
        return new MessageRows.Page(
                page.messages().stream().map(MessageRows.Sequenced::message).toList(), page.hasMore());
    }

    private static StreamBuffers buffers() {
        return new StreamBuffers(8, Long.MAX_VALUE, Long.MAX_VALUE);
    }
}
