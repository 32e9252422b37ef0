package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {

    private static final long OWNER = 7;
    private static final long MEMBER = 9;

    private final RecentMessages recent = new RecentMessages();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aLoadedSessionIsServedFromMemoryUntilEvicted() {
        recent.session(1, () -> load(List.of(message(1), message(2)), false))
                .orElseThrow()
                .page(50);
        MessagePage page =
                recent.session(1, () -> load(List.of(), false)).orElseThrow().page(50);

        assertThat(ids(page)).containsExactly(1L, 2L);
        assertThat(loads).hasValue(1);
    }

    @Test
    void anAppendedMessageJoinsTheCachedPageInOrder() {
        recent.session(1, () -> load(List.of(message(1)), false)).orElseThrow().page(50);

        recent.append(message(5));

        assertThat(ids(recent.session(1, this::unexpectedLoad).orElseThrow().page(50)))
                .containsExactly(1L, 5L);
    }

    @Test
    void aMessageTheLoadAlreadyReadIsNotAddedTwice() {
        recent.session(1, () -> load(List.of(message(1), message(2)), false))
                .orElseThrow()
                .page(50);

        recent.append(message(2));

        assertThat(ids(recent.session(1, this::unexpectedLoad).orElseThrow().page(50)))
                .containsExactly(1L, 2L);
    }

    @Test
    void appendsToSessionsNotInMemoryAreIgnored() {
        recent.append(message(3));

        assertThat(ids(recent.session(1, () -> load(List.of(message(1)), false))
                        .orElseThrow()
                        .page(50)))
                .containsExactly(1L);
    }

    @Test
    void theOldestMessageMakesRoomAndIsThenReportedAsOlder() {
        List<Message> full = new ArrayList<>();
        LongStream.rangeClosed(1, RecentMessages.CAPACITY).forEach(id -> full.add(message(id)));
        recent.session(1, () -> load(full, false)).orElseThrow().page(50);

        recent.append(message(RecentMessages.CAPACITY + 1));
        MessagePage page = recent.session(1, this::unexpectedLoad).orElseThrow().page(RecentMessages.CAPACITY);

        assertThat(page.messages()).hasSize(RecentMessages.CAPACITY);
        assertThat(page.messages().getFirst().id()).isEqualTo(2L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void aSmallerPageSaysMoreExistWhenTheCacheHoldsOlderOnes() {
        recent.session(1, () -> load(List.of(message(1), message(2), message(3)), false))
                .orElseThrow()
                .page(50);

        MessagePage page = recent.session(1, this::unexpectedLoad).orElseThrow().page(2);

        assertThat(ids(page)).containsExactly(2L, 3L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void theCachedJsonIsTheFullPageAndFollowsAppends() throws Exception {
        recent.session(1, () -> load(List.of(message(1)), false)).orElseThrow().page(50);
        byte[] before = recent.session(1, this::unexpectedLoad).orElseThrow().fullPageJson();

        recent.append(message(2));
        MessagePage after = Json.mapper()
                .readValue(recent.session(1, this::unexpectedLoad).orElseThrow().fullPageJson(), MessagePage.class);

        assertThat(Json.mapper().readValue(before, MessagePage.class))
                .isEqualTo(new MessagePage(List.of(message(1)), false));
        assertThat(after).isEqualTo(new MessagePage(List.of(message(1), message(2)), false));
    }

    @Test
    void aForgottenSessionIsLoadedAgain() {
        recent.session(1, () -> load(List.of(message(1)), false));

        recent.forget(1);
        recent.session(1, () -> load(List.of(message(1)), false));

        assertThat(loads).hasValue(2);
    }

    @Test
    void aSessionThatDoesNotExistIsNotKept() {
        assertThat(recent.session(1, () -> null)).isEmpty();
        assertThat(recent.session(1, () -> load(List.of(message(1)), false))).isPresent();
    }

    @Test
    void theMembersAreKeptWithThePage() {
        RecentMessages.Latest latest =
                recent.session(1, () -> load(List.of(message(1)), false)).orElseThrow();

        assertThat(latest.isVisibleTo(OWNER)).isTrue();
        assertThat(latest.isVisibleTo(MEMBER)).isTrue();
        assertThat(latest.isVisibleTo(OWNER + 1)).isFalse();
    }

    private RecentMessages.Latest load(List<Message> messages, boolean olderExist) {
        loads.incrementAndGet();
        return new RecentMessages.Latest(Set.of(OWNER, MEMBER), List.copyOf(messages), olderExist);
    }

    private RecentMessages.Latest unexpectedLoad() {
        throw new AssertionError("the session should have been in memory");
    }

    private static List<Long> ids(MessagePage page) {
        return page.messages().stream().map(Message::id).toList();
    }

    private static Message message(long id) {
        return new Message(id, 1, 1, "a@example.com", "text " + id, Instant.ofEpochMilli(id), null, null, null);
    }
}
