package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {

    private final RecentMessages recent = new RecentMessages();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aLoadedSessionIsServedFromMemoryUntilEvicted() {
        recent.latest(1, 50, () -> load(List.of(message(1), message(2)), false));
        MessagePage page = recent.latest(1, 50, () -> load(List.of(), false));

        assertThat(ids(page)).containsExactly(1L, 2L);
        assertThat(loads).hasValue(1);
    }

    @Test
    void anAppendedMessageJoinsTheCachedPageInOrder() {
        recent.latest(1, 50, () -> load(List.of(message(1)), false));

        recent.append(message(5));

        assertThat(ids(recent.latest(1, 50, this::unexpectedLoad))).containsExactly(1L, 5L);
    }

    @Test
    void aMessageTheLoadAlreadyReadIsNotAddedTwice() {
        recent.latest(1, 50, () -> load(List.of(message(1), message(2)), false));

        recent.append(message(2));

        assertThat(ids(recent.latest(1, 50, this::unexpectedLoad))).containsExactly(1L, 2L);
    }

    @Test
    void appendsToSessionsNotInMemoryAreIgnored() {
        recent.append(message(3));

        assertThat(ids(recent.latest(1, 50, () -> load(List.of(message(1)), false)))).containsExactly(1L);
    }

    @Test
    void theOldestMessageMakesRoomAndIsThenReportedAsOlder() {
        List<Message> full = new ArrayList<>();
        LongStream.rangeClosed(1, RecentMessages.CAPACITY).forEach(id -> full.add(message(id)));
        recent.latest(1, 50, () -> load(full, false));

        recent.append(message(RecentMessages.CAPACITY + 1));
        MessagePage page = recent.latest(1, RecentMessages.CAPACITY, this::unexpectedLoad);

        assertThat(page.messages()).hasSize(RecentMessages.CAPACITY);
        assertThat(page.messages().getFirst().id()).isEqualTo(2L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void aSmallerPageSaysMoreExistWhenTheCacheHoldsOlderOnes() {
        recent.latest(1, 50, () -> load(List.of(message(1), message(2), message(3)), false));

        MessagePage page = recent.latest(1, 2, this::unexpectedLoad);

        assertThat(ids(page)).containsExactly(2L, 3L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void theCachedJsonIsTheFullPageAndFollowsAppends() throws Exception {
        recent.latest(1, 50, () -> load(List.of(message(1)), false));
        byte[] before = recent.latestJson(1, this::unexpectedLoad);

        recent.append(message(2));
        MessagePage after = Json.mapper().readValue(recent.latestJson(1, this::unexpectedLoad), MessagePage.class);

        assertThat(Json.mapper().readValue(before, MessagePage.class)).isEqualTo(new MessagePage(List.of(message(1)), false));
        assertThat(after).isEqualTo(new MessagePage(List.of(message(1), message(2)), false));
    }

    private RecentMessages.Latest load(List<Message> messages, boolean olderExist) {
        loads.incrementAndGet();
        return new RecentMessages.Latest(List.copyOf(messages), olderExist);
    }

    private RecentMessages.Latest unexpectedLoad() {
        throw new AssertionError("the session should have been in memory");
    }

    private static List<Long> ids(MessagePage page) {
        return page.messages().stream().map(Message::id).toList();
    }

    private static Message message(long id) {
        return new Message(id, 1, 1, "a@example.com", "text " + id, Instant.ofEpochMilli(id));
    }
}
