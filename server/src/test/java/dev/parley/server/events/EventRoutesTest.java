package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.StreamTicket;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event routes over one real server (SQLite), what the package's own tests need of them: the
 * answer's headers, where a stream resumes, the streams a user may hold, and how a ticket opens a
 * stream. The flow suites go further; they are outside the package's mutation run.
 */
@Timeout(120)
class EventRoutesTest {

    /** Enough for the streams one test opens one after the other, each released a heartbeat after it was closed. */
    private static final int MAX_STREAMS_PER_USER = 3;

    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "parley.events.max-streams-per-user",
                Integer.toString(MAX_STREAMS_PER_USER),
                // A stream whose client left is noticed at its next heartbeat.
                "parley.events.heartbeat",
                "PT0.1S"));
        api = ApiClient.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamIsAnEventStreamThatAProxyPassesOnAtOnceAndAdvisesItsRetryDelay() {
        Account owner = api.newAccount();
        Session session = session(owner);

        try (EventStreamRecorder stream = open("/sessions/" + session.id() + "/events", owner, Map.of())) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(stream.next(Duration.ofSeconds(20))).isEqualTo(new EventStreamRecorder.Retry(2000));
        }
    }

    @Test
    void aStreamOfAllSessionsCarriesEachOfTheCallersSessions() {
        Account owner = api.newAccount();
        Session one = session(owner);
        Session two = session(owner);

        try (EventStreamRecorder stream = open("/events", owner, Map.of())) {
            Message inOne = post(owner, one, "in one");
            Message inTwo = post(owner, two, "in two");
            assertThat(stream.assertMessage()).isEqualTo(inOne);
            assertThat(stream.assertMessage()).isEqualTo(inTwo);
        }
    }

    @Test
    void lastEventIdWinsOverAfterIdAndMustBeAMessageId() {
        Account owner = api.newAccount();
        Session session = session(owner);
        Message first = post(owner, session, "first");
        Message second = post(owner, session, "second");
        Message third = post(owner, session, "third");
        String path = "/sessions/" + session.id() + "/events";

        try (EventStreamRecorder stream =
                open(path + "?after_id=" + second.id(), owner, Map.of("Last-Event-ID", " " + first.id() + " "))) {
            assertThat(stream.assertMessage()).isEqualTo(second);
            assertThat(stream.assertMessage()).isEqualTo(third);
        }
        try (EventStreamRecorder stream = open(path + "?after_id=" + second.id(), owner, Map.of())) {
            assertThat(stream.assertMessage()).isEqualTo(third);
        }
        for (String notAnId : new String[] {"-1", "last", ""}) {
            try (EventStreamRecorder stream = open(path, owner, Map.of("Last-Event-ID", notAnId))) {
                assertThat(stream.status()).as("Last-Event-ID: '%s'", notAnId).isEqualTo(422);
            }
        }
        try (EventStreamRecorder stream = open(path, owner, Map.of("Last-Event-ID", "0"))) {
            assertThat(stream.assertMessage()).isEqualTo(first);
        }
    }

    @Test
    void aUserHoldsUpToTheirMaximumOfStreamsAndGetsThemBackOnceTheyEnd() {
        Account owner = api.newAccount();
        Session session = session(owner);
        String path = "/sessions/" + session.id() + "/events";
        EventStreamRecorder first = open(path, owner, Map.of());
        try (EventStreamRecorder second = open("/events", owner, Map.of());
                EventStreamRecorder third = open(path, owner, Map.of())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(third.status()).isEqualTo(200);
            try (EventStreamRecorder fourth = open(path, owner, Map.of())) {
                assertThat(fourth.status()).isEqualTo(429);
            }
            first.close();

            // The server notices the client left at the stream's next heartbeat, then gives its room back.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            do {
                try (EventStreamRecorder again = open(path, owner, Map.of())) {
                    status = again.status();
                }
            } while (status == 429 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void aTicketOpensTheStreamItWasIssuedForWithoutAToken() {
        Account owner = api.newAccount();
        Session session = session(owner);
        String path = "/sessions/" + session.id() + "/events";

        try (EventStreamRecorder one = openWithTicket(path, ticket(owner, path + "/tickets"), Map.of());
                EventStreamRecorder all = openWithTicket("/events", ticket(owner, "/events/tickets"), Map.of())) {
            assertThat(one.status()).as(one.errorBody()).isEqualTo(200);
            assertThat(all.status()).as(all.errorBody()).isEqualTo(200);
            Message posted = post(owner, session, "through tickets");
            assertThat(one.assertMessage()).isEqualTo(posted);
            assertThat(all.assertMessage()).isEqualTo(posted);
        }
    }

    @Test
    void aTicketTogetherWithAnAuthorizationHeaderOrOneNotIssuedOpensNothing() {
        Account owner = api.newAccount();
        String ticket = ticket(owner, "/events/tickets");

        try (EventStreamRecorder both =
                openWithTicket("/events", ticket, Map.of("Authorization", "Bearer " + owner.accessToken()))) {
            assertThat(both.status()).isEqualTo(400);
        }
        try (EventStreamRecorder unknown =
                openWithTicket("/events", TicketSecret.generate().text(), Map.of())) {
            assertThat(unknown.status()).isEqualTo(401);
        }
    }

    @Test
    void aStreamEndsOnceItsLogInEndsWhileAnotherWithAValidTokenGoesOn() {
        Account leaving = api.newAccount();
        Account staying = api.newAccount();
        Session session = session(staying);

        try (EventStreamRecorder ending = open("/events", leaving, Map.of());
                EventStreamRecorder going = open("/sessions/" + session.id() + "/events", staying, Map.of())) {
            assertThat(api.post("/logout").as(leaving).send().status()).isEqualTo(204);

            assertThat(ending.drainMessagesUntilTheEnd()).isEmpty();
            assertThat(ending.comments())
                    .anySatisfy(comment -> assertThat(comment).contains("was revoked (logged out)"));
            // The other stream's token is asked once a second as well: three heartbeats (0.1 s each) after
            // the first stream ended, it has been, and the stream goes on.
            while (going.next(Duration.ZERO) != null) {
                // What it wrote before the first stream ended.
            }
            for (int i = 0; i < 3; i++) {
                assertThat(going.assertComment().text()).isEqualTo("keep-alive");
            }
            Message posted = post(staying, session, "still here");
            assertThat(going.assertMessage()).isEqualTo(posted);
        }
    }

    @Test
    void headAnswersWhatTheStreamWouldWithItsChecksWithoutOpeningIt() {
        Account owner = api.newAccount();
        Account stranger = api.newAccount();
        Session session = session(owner);
        String path = "/sessions/" + session.id() + "/events";

        for (String stream : new String[] {path, "/events"}) {
            ApiClient.Response head = api.request("HEAD", stream).as(owner).send();
            assertThat(head.status()).as(stream).isEqualTo(200);
            assertThat(head.contentType()).as(stream).startsWith("text/event-stream");
            assertThat(head.header("X-Accel-Buffering")).as(stream).hasValue("no");
        }
        assertThat(api.request("HEAD", path).as(stranger).send().status()).isEqualTo(404);
    }

    @Test
    void aStreamRefusedForASessionNotTheirsTakesNoneOfTheUsersStreams() {
        Account owner = api.newAccount();
        Account stranger = api.newAccount();
        String notTheirs = "/sessions/" + session(owner).id() + "/events";

        for (int i = 0; i <= MAX_STREAMS_PER_USER; i++) {
            try (EventStreamRecorder refused = open(notTheirs, stranger, Map.of())) {
                assertThat(refused.status()).isEqualTo(404);
            }
        }
        try (EventStreamRecorder own = open("/events", stranger, Map.of())) {
            assertThat(own.status()).as(own.errorBody()).isEqualTo(200);
        }
    }

    @Test
    void aMethodTheStreamsDoNotTakeIsAnswered405() {
        Account owner = api.newAccount();

        assertThat(api.delete("/events").as(owner).send().status()).isEqualTo(405);
        assertThat(api.put("/events/tickets").as(owner).send().status()).isEqualTo(405);
    }

    private static EventStreamRecorder open(String path, Account account, Map<String, String> headers) {
        return EventStreamRecorder.open(server, path, account.accessToken(), headers);
    }

    private static EventStreamRecorder openWithTicket(String path, String ticket, Map<String, String> headers) {
        return EventStreamRecorder.open(server, path + "?ticket=" + ticket, null, headers);
    }

    private static String ticket(Account owner, String path) {
        ApiClient.Response issued = api.post(path).as(owner).send();
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return issued.as(StreamTicket.class).ticket();
    }

    private static Session session(Account owner) {
        return api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("Events"))
                .send()
                .as(Session.class);
    }

    private static Message post(Account author, Session session, String text) {
        ApiClient.Response posted = api.post("/sessions/" + session.id() + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.as(Message.class);
    }
}
