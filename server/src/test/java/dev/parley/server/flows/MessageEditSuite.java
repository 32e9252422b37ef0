package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import java.util.List;
import java.util.Map;

/**
 * What the flows of editing and deleting messages share: the requests, the pages read back and the
 * assertions on tombstones and change events.
 */
abstract class MessageEditSuite extends FlowSuite {

    /** The next event is {@code name} carrying {@code message}, its {@code id:} above the message's. */
    static EventStreamRecorder.Event assertChange(EventStreamRecorder stream, String name, Message message) {
        EventStreamRecorder.Event event = stream.assertEvent();
        assertThat(event.name()).as(event.toString()).isEqualTo(name);
        assertThat(event.message()).isEqualTo(message);
        assertThat(Long.parseLong(event.id())).isGreaterThanOrEqualTo(message.id());
        return event;
    }

    static void assertTombstoneOf(Message tombstone, Message original) {
        assertThat(tombstone.id()).isEqualTo(original.id());
        assertThat(tombstone.userId()).isEqualTo(original.userId());
        assertThat(tombstone.userEmail()).isEqualTo(original.userEmail());
        assertThat(tombstone.createdAt()).isEqualTo(original.createdAt());
        assertThat(tombstone.replyTo()).isEqualTo(original.replyTo());
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.deletedAt()).isNotNull();
    }

    static JsonNode json(Message message) {
        return Json.mapper().valueToTree(message);
    }

    static String path(long sessionId, long messageId) {
        return "/sessions/" + sessionId + "/messages/" + messageId;
    }

    Response edit(Account caller, long sessionId, long messageId, String text) {
        return api().patch(path(sessionId, messageId))
                .as(caller)
                .json(new MessageEdit(text))
                .send();
    }

    Response delete(Account caller, long sessionId, long messageId) {
        return api().delete(path(sessionId, messageId)).as(caller).send();
    }

    Response post(Account caller, long sessionId, NewMessage message) {
        return api().post("/sessions/" + sessionId + "/messages")
                .as(caller)
                .json(message)
                .send();
    }

    void markRead(Account reader, long sessionId, long messageId) {
        Response response = api().put("/sessions/" + sessionId + "/read")
                .as(reader)
                .json(Map.of("last_read_id", messageId))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(204);
    }

    /** The latest page: the one kept in memory. */
    List<Message> history(Account reader, long sessionId) {
        return historyPage(reader, sessionId, "").messages();
    }

    /** A page read from the database, not from memory. */
    List<Message> historyFrom(Account reader, long sessionId, long afterId) {
        return historyPage(reader, sessionId, "?after_id=" + afterId).messages();
    }

    MessagePage historyPage(Account reader, long sessionId, String query) {
        Response response = api().get("/sessions/" + sessionId + "/messages" + query)
                .as(reader)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(MessagePage.class);
    }
}
