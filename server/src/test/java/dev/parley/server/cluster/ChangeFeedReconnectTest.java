package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.StreamEndEvent;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import dev.parley.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server whose connection listening for changes is cut (a database restart, a network drop) may
 * have missed notifications: it listens again, and its streams end so that their clients resume
 * from their last id, losing nothing. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class ChangeFeedReconnectTest {

    @Test
    void aCutListenConnectionEndsTheStreamsWhichResumeWithoutALoss() {
        PostgresDatabases.Temporary database = PostgresDatabases.create();
        try (TestServer server = TestServer.start(Map.of("parley.database.url", database.url()), database)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = api.post("/sessions")
                    .as(owner)
                    .json(new SessionTitle("Cut"))
                    .send()
                    .as(Session.class);
            String path = "/sessions/" + session.id() + "/events";
            Message before;
            try (EventStreamRecorder stream = EventStreamRecorder.open(server, path, owner.accessToken(), Map.of())) {
                before = post(api, owner, session.id(), "before the cut");
                assertThat(stream.assertMessage()).isEqualTo(before);

                database.cutConnections("parley-changes");

                assertThat(stream.assertComment().text()).contains("missed changes");
                assertThat(stream.assertEnded()).isEqualTo(StreamEndEvent.CHANGES_MISSED);
            }
            Message after = post(api, owner, session.id(), "after the cut");
            try (EventStreamRecorder resumed = EventStreamRecorder.open(
                    server, path, owner.accessToken(), Map.of("Last-Event-ID", Long.toString(before.id())))) {
                assertThat(resumed.assertMessage()).isEqualTo(after);
                Message live = post(api, owner, session.id(), "live again");
                assertThat(resumed.assertMessage()).isEqualTo(live);
                assertThat(api.get("/sessions/" + session.id() + "/messages")
                                .as(owner)
                                .send()
                                .as(MessagePage.class)
                                .messages())
                        .containsExactly(before, after, live);
            }
        }
    }

    private static Message post(ApiClient api, Account author, long sessionId, String text) {
        ApiClient.Response posted = api.post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.as(Message.class);
    }
}
