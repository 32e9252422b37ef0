package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /sessions/{id}/messages}: what is stored, idempotent retries, and what is refused. */
abstract class MessageFlows extends FlowSuite {

    @Test
    void postingAMessageAnswers201WithTheMessage() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        Response response = send(author, session.id(), "hello there");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).hasValue("no-store");
        JsonNode message = response.json();
        assertThat(fieldNames(message))
                .containsExactlyInAnyOrder(
                        "id",
                        "session_id",
                        "user_id",
                        "user_email",
                        "text",
                        "created_at",
                        "reply_to",
                        "edited_at",
                        "deleted_at");
        assertThat(message.path("reply_to").isNull()).isTrue();
        assertThat(message.path("edited_at").isNull()).isTrue();
        assertThat(message.path("deleted_at").isNull()).isTrue();
        assertThat(message.path("id").isIntegralNumber()).isTrue();
        assertThat(message.path("session_id").asLong()).isEqualTo(session.id());
        assertThat(message.path("user_id").asLong()).isEqualTo(author.user().id());
        assertThat(message.path("user_email").asText()).isEqualTo(author.email());
        assertThat(message.path("text").asText()).isEqualTo("hello there");
        assertThat(message.path("created_at").asText()).matches(TIME);
    }

    @Test
    void aPostedMessageIsInTheHistoryAndDatesTheSession() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        Message message = postMessage(author, session.id(), "  indented\n\tand on two lines  ");

        assertThat(history(author, session.id()).messages()).containsExactly(message);
        assertThat(message.text()).isEqualTo("  indented\n\tand on two lines  ");
        Session updated =
                api().get("/sessions/" + session.id()).as(author).send().as(Session.class);
        assertThat(updated.lastMessageAt()).isEqualTo(message.createdAt());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstMessage() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        Response first = send(author, session.id(), "only once", "key-1");
        Response retry = send(author, session.id(), "only once", "key-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status())
                .as("a retry stores nothing, and says so with 200")
                .isEqualTo(200);
        assertThat(retry.as(Message.class)).isEqualTo(first.as(Message.class));
        assertThat(history(author, session.id()).messages()).containsExactly(first.as(Message.class));
    }

    @Test
    void theSameIdempotencyKeyWithAnotherTextIs422() {
        Account author = newAccount();
        Session session = createSession(author, "chat");
        Message first = send(author, session.id(), "first text", "key-2").as(Message.class);

        assertInvalid(send(author, session.id(), "second text", "key-2"), "Idempotency-Key");

        assertThat(history(author, session.id()).messages()).containsExactly(first);
    }

    @Test
    void anIdempotencyKeyCountsWithinItsSessionOnly() {
        Account author = newAccount();
        Session one = createSession(author, "one");
        Session two = createSession(author, "two");
        Message inOne = send(author, one.id(), "same", "key-3").as(Message.class);

        Response inTwo = send(author, two.id(), "same", "key-3");

        assertThat(inTwo.status()).isEqualTo(201);
        assertThat(inTwo.as(Message.class).id()).isNotEqualTo(inOne.id());
    }

    @Test
    void anUnacceptableIdempotencyKeyIs422() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        assertInvalid(send(author, session.id(), "text", "k".repeat(256)), "Idempotency-Key");
        assertThat(history(author, session.id()).messages()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t  \n"})
    void anEmptyOrBlankTextIs422(String text) {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        assertInvalid(send(author, session.id(), text), "text");
    }

    @Test
    void aMissingTextIs422() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        assertInvalid(
                api().post("/sessions/" + session.id() + "/messages")
                        .as(author)
                        .json(Map.of())
                        .send(),
                "text");
    }

    @Test
    void textLengthIsCountedInCodePointsUpToFourThousand() {
        Account author = newAccount();
        Session session = createSession(author, "chat");
        String longest = "😀".repeat(4000);

        assertThat(postMessage(author, session.id(), longest).text()).isEqualTo(longest);
        assertInvalid(send(author, session.id(), "😀".repeat(4001)), "text");
        assertInvalid(send(author, session.id(), "a".repeat(4001)), "text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b[31mred", "bell\u0007", "nul\u0000", "del\u007f", "c1\u0085"})
    void aTextWithControlCharactersIs422(String text) {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        assertInvalid(send(author, session.id(), text), "text");
    }

    @Test
    void aTextThatIsNotWellFormedUnicodeIs422() {
        Account author = newAccount();
        Session session = createSession(author, "chat");

        Response response = api().post("/sessions/" + session.id() + "/messages")
                .as(author)
                .body("application/json", "{\"text\":\"half an emoji: \\ud83d\"}")
                .send();

        assertInvalid(response, "text");
        assertThat(history(author, session.id()).messages()).isEmpty();
    }

    @Test
    void postingToAnotherUsersSessionIsNotFound() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "private");

        assertProblem(send(stranger, session.id(), "let me in"), 404);
        assertProblem(
                api().get("/sessions/" + session.id() + "/messages")
                        .as(stranger)
                        .send(),
                404);
        assertThat(history(owner, session.id()).messages()).isEmpty();
        // Nothing else a post changes was changed either: the session is as it was created.
        assertThat(api().get("/sessions/" + session.id()).as(owner).send().as(Session.class))
                .isEqualTo(session);
    }

    @Test
    void strangersPostingTogetherWithTheOwnerAreRefusedAlone() throws Exception {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "busy");

        // Sent at once, so that the writer takes many of them in one transaction, where PostgreSQL's
        // posts are sent together and their membership checks made afterwards (db.StatementPipeline).
        List<Future<Response>> owners = new ArrayList<>();
        List<Future<Response>> strangers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String n = String.valueOf(i);
                owners.add(clients.submit(() -> send(owner, session.id(), "mine " + n)));
                strangers.add(clients.submit(() -> send(stranger, session.id(), "theirs " + n)));
            }
        }

        List<Long> ownIds = new ArrayList<>();
        for (Future<Response> posted : owners) {
            assertThat(posted.get().status()).isEqualTo(201);
            ownIds.add(posted.get().as(Message.class).id());
        }
        for (Future<Response> refused : strangers) {
            assertProblem(refused.get(), 404);
        }
        assertThat(history(owner, session.id()).messages())
                .extracting(Message::text)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 20).mapToObj(i -> "mine " + i).toList());
        Session after = api().get("/sessions/" + session.id()).as(owner).send().as(Session.class);
        assertThat(after.lastReadId()).isEqualTo(Collections.max(ownIds));
        assertThat(after.unreadCount()).isZero();
    }

    @Test
    void postingToAnAbsentSessionIsNotFound() {
        Account author = newAccount();

        assertProblem(send(author, Long.MAX_VALUE, "anyone?"), 404);
        assertProblem(
                api().post("/sessions/99999999999999999999/messages")
                        .as(author)
                        .json(new NewMessage("anyone?"))
                        .send(),
                404);
    }

    private Response send(Account author, long sessionId, String text) {
        return api().post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
    }

    private Response send(Account author, long sessionId, String text, String idempotencyKey) {
        return api().post("/sessions/" + sessionId + "/messages")
                .as(author)
                .header("Idempotency-Key", idempotencyKey)
                .json(new NewMessage(text))
                .send();
    }

    private MessagePage history(Account reader, long sessionId) {
        Response response =
                api().get("/sessions/" + sessionId + "/messages").as(reader).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(MessagePage.class);
    }
}
