package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ReadOnlyDatabase;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The messages a restarted server holds, read twice: through its API (every author's history) and
 * straight from its SQLite file. The two must agree, and every message must be one a client sent.
 */
record StoredMessages(List<Message> messages, Map<String, String> keysByText) {

    static StoredMessages read(ApiClient api, List<Author> authors, ReadOnlyDatabase db) {
        List<Message> viaApi =
                authors.stream().flatMap(author -> author.history(api).stream()).toList();
        List<List<Object>> rows =
                db.rows("SELECT id, session_id, user_id, text, idempotency_key FROM messages ORDER BY id");
        assertThat(rows)
                .as("the file holds what the API shows")
                .map(row -> List.<Object>of(number(row.get(0)), number(row.get(1)), number(row.get(2)), row.get(3)))
                .containsExactlyInAnyOrderElementsOf(viaApi.stream()
                        .map(m -> List.<Object>of(m.id(), m.sessionId(), m.userId(), m.text()))
                        .toList());
        Map<String, String> keys = rows.stream()
                .collect(Collectors.toMap(
                        row -> (String) row.get(3), row -> String.valueOf(row.get(4)), (a, b) -> a + " and " + b));
        return new StoredMessages(viaApi, keys);
    }

    /** SQLite hands small integers back as Integer, the API's ids are long. */
    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** The ids of the messages stored in {@code sessionId}, ascending. */
    List<Long> idsIn(long sessionId) {
        return messages.stream()
                .filter(message -> message.sessionId() == sessionId)
                .map(Message::id)
                .sorted()
                .toList();
    }

    /** Each of {@code posts} is stored exactly once, as {@code answered} says, under its own key. */
    void assertEachStoredOnce(Collection<ClientLoad.Post> posts, Function<ClientLoad.Post, Message> answered) {
        Map<String, Long> copies =
                messages.stream().collect(Collectors.groupingBy(Message::text, Collectors.counting()));
        Map<Long, Message> byId = messages.stream().collect(Collectors.toMap(Message::id, Function.identity()));
        for (ClientLoad.Post post : posts) {
            Message answer = answered.apply(post);
            assertThat(copies.get(post.text())).as("copies of %s", post).isEqualTo(1L);
            assertThat(byId.get(answer.id()))
                    .as("the message %s was answered with", post)
                    .isEqualTo(answer);
            assertThat(keysByText.get(post.text())).as("the key of %s", post).isEqualTo(post.key());
        }
    }

    /** Every stored message is one that {@code posts} sent: nothing half-written, nothing made up. */
    void assertNothingElse(Collection<ClientLoad.Post> posts) {
        assertThat(messages)
                .extracting(Message::text)
                .containsExactlyInAnyOrderElementsOf(
                        posts.stream().map(ClientLoad.Post::text).toList());
    }
}
