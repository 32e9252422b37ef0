package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMember;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.StreamEndEvent;
import dev.parley.api.StreamTicket;
import dev.parley.api.TokenResponse;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.ServerProcess;
import dev.parley.server.testing.TwoServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Parley servers, each its own process, on one PostgreSQL database with one signing key, as
 * behind a load balancer: accounts, tokens, revocations and live messages cross from one to the
 * other, and a subscriber hopping between them while both take posts misses nothing and gets nothing
 * twice. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class TwoServersTest {

    private static final int WRITERS = 8;
    private static final int POSTS_PER_WRITER = 40;
    /** The hopping subscriber reconnects to the other server after this many events. */
    private static final int EVENTS_PER_HOP = 37;

    @RegisterExtension
    static final TwoServers servers = TwoServers.onOneDatabase(Map.of(
            // A stream checks its token at each keep-alive when nothing else flows.
            "PARLEY_EVENTS_HEARTBEAT", "PT1S",
            // The concurrent writers post far faster than a person; the limit is not what is tested.
            "PARLEY_LIMITS_MESSAGES_BURST", "100000",
            "PARLEY_LIMITS_MESSAGES_REFILL", "100000"));

    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void nameTheServers() {
        a = servers.a();
        b = servers.b();
    }

    private static ApiClient api(ServerProcess server) {
        return new ApiClient(server::baseUri);
    }

    @Test
    void anAccountMadeOnOneServerLogsInOnTheOtherAndItsTokenWorksOnBoth() {
        Account registeredOnA = api(a).newAccount();

        TokenResponse fromB = api(b).logIn(registeredOnA.email(), registeredOnA.password());

        assertThat(api(b).get("/users/me").as(registeredOnA).send().status()).isEqualTo(200);
        assertThat(api(a).get("/users/me").bearer(fromB.accessToken()).send().status())
                .isEqualTo(200);
    }

    @Test
    void aMessagePostedThroughOneServerIsDeliveredLiveOnAStreamHeldByTheOther() {
        Account owner = api(a).newAccount();
        Account member = api(b).newAccount();
        Session session = createSession(a, owner);
        assertThat(api(a).post("/sessions/" + session.id() + "/members")
                        .as(owner)
                        .json(new NewMember(member.email()))
                        .send()
                        .status())
                .isEqualTo(201);

        try (EventStreamRecorder onB = EventStreamRecorder.open(
                b.baseUri().resolve("/sessions/" + session.id() + "/events"), member.accessToken(), Map.of())) {
            assertThat(onB.status()).as(onB.errorBody()).isEqualTo(200);
            Message posted = post(a, owner, session.id(), "across the servers");

            assertThat(onB.assertMessage()).isEqualTo(posted);
            // The other server's latest page has it too.
            assertThat(api(b).get("/sessions/" + session.id() + "/messages")
                            .as(member)
                            .send()
                            .as(MessagePage.class)
                            .messages())
                    .containsExactly(posted);
        }
    }

    @Test
    void anEditAndADeletionThroughOneServerAreDeliveredLiveOnAStreamHeldByTheOther() {
        Account owner = api(a).newAccount();
        Session session = createSession(a, owner);
        Message posted = post(a, owner, session.id(), "to be edited on A");

        try (EventStreamRecorder onB = EventStreamRecorder.open(
                b.baseUri().resolve("/sessions/" + session.id() + "/events"),
                owner.accessToken(),
                Map.of("Last-Event-ID", Long.toString(posted.id())))) {
            assertThat(onB.status()).as(onB.errorBody()).isEqualTo(200);
            Response edited = api(a).patch("/sessions/" + session.id() + "/messages/" + posted.id())
                    .as(owner)
                    .json(new MessageEdit("edited on A"))
                    .send();
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);

            EventStreamRecorder.Event editEvent = onB.assertEvent();
            assertThat(editEvent.name()).isEqualTo("message_edited");
            assertThat(editEvent.message()).isEqualTo(edited.as(Message.class));
            // B's latest page has the edit too, read the moment its stream showed it.
            assertThat(api(b).get("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .send()
                            .as(MessagePage.class)
                            .messages())
                    .containsExactly(edited.as(Message.class));

            assertThat(api(a).delete("/sessions/" + session.id() + "/messages/" + posted.id())
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(204);
            EventStreamRecorder.Event deleteEvent = onB.assertEvent();
            assertThat(deleteEvent.name()).isEqualTo("message_deleted");
            assertThat(deleteEvent.message().text()).isNull();
            assertThat(deleteEvent.message().deletedAt()).isNotNull();
            assertThat(Long.parseLong(deleteEvent.id())).isGreaterThan(Long.parseLong(editEvent.id()));

            // Resumed on A from before the edit, the stream gets the deletion's tombstone once.
            try (EventStreamRecorder onA = EventStreamRecorder.open(
                    a.baseUri().resolve("/sessions/" + session.id() + "/events"),
                    owner.accessToken(),
                    Map.of("Last-Event-ID", Long.toString(posted.id())))) {
                EventStreamRecorder.Event replayed = onA.assertEvent();
                assertThat(replayed.name()).isEqualTo("message_deleted");
                assertThat(replayed.id()).isEqualTo(deleteEvent.id());
                assertThat(replayed.message()).isEqualTo(deleteEvent.message());
                Message marker = post(b, owner, session.id(), "marker");
                assertThat(onA.assertMessage()).isEqualTo(marker);
                assertThat(onB.assertMessage()).isEqualTo(marker);
            }
        }
    }

    @Test
    void aJoinAndARenameOnOneServerAreToldOnAStreamHeldByTheOther() {
        Account owner = api(a).newAccount();
        Account member = api(b).newAccount();
        Session session = createSession(a, owner);

        try (EventStreamRecorder onB = EventStreamRecorder.open(
                b.baseUri().resolve("/sessions/" + session.id() + "/events"), owner.accessToken(), Map.of())) {
            assertThat(onB.status()).as(onB.errorBody()).isEqualTo(200);
            assertThat(api(a).post("/sessions/" + session.id() + "/members")
                            .as(owner)
                            .json(new NewMember(member.email()))
                            .send()
                            .status())
                    .isEqualTo(201);
            assertThat(api(a).patch("/sessions/" + session.id())
                            .as(owner)
                            .json(new SessionTitle("Renamed on A"))
                            .send()
                            .status())
                    .isEqualTo(200);

            EventStreamRecorder.Event joined = onB.assertEvent();
            assertThat(joined.name()).isEqualTo("member_joined");
            assertThat(joined.data())
                    .isEqualTo("{\"session_id\":" + session.id() + ",\"user_id\":"
                            + member.user().id() + ",\"email\":\"" + member.email() + "\"}");
            EventStreamRecorder.Event renamed = onB.assertEvent();
            assertThat(renamed.name()).isEqualTo("session_renamed");
            assertThat(renamed.data()).isEqualTo("{\"session_id\":" + session.id() + ",\"title\":\"Renamed on A\"}");
        }
    }

    /** Tickets are kept in the shared database: one opens a stream on either server, once, even when raced. */
    @Test
    void aStreamTicketFromOneServerOpensOneStreamOnEitherEvenPresentedToBothAtOnce() throws Exception {
        Account account = api(a).newAccount();
        String fromA = api(a).post("/events/tickets")
                .as(account)
                .send()
                .as(StreamTicket.class)
                .ticket();
        try (EventStreamRecorder onB =
                        EventStreamRecorder.open(b.baseUri().resolve("/events?ticket=" + fromA), null, Map.of());
                EventStreamRecorder againOnA =
                        EventStreamRecorder.open(a.baseUri().resolve("/events?ticket=" + fromA), null, Map.of())) {
            assertThat(onB.status()).as(onB.errorBody()).isEqualTo(200);
            assertThat(againOnA.status()).isEqualTo(401);
        }

        for (int race = 0; race < 10; race++) {
            String ticket = api(b).post("/events/tickets")
                    .as(account)
                    .send()
                    .as(StreamTicket.class)
                    .ticket();
            List<EventStreamRecorder> streams = new ArrayList<>();
            try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<EventStreamRecorder>> opening = new ArrayList<>();
                for (ServerProcess server : List.of(a, b)) {
                    opening.add(both.submit(() -> EventStreamRecorder.open(
                            server.baseUri().resolve("/events?ticket=" + ticket), null, Map.of())));
                }
                for (Future<EventStreamRecorder> opened : opening) {
                    streams.add(opened.get());
                }
            } finally {
                streams.forEach(EventStreamRecorder::close);
            }
            assertThat(streams)
                    .extracting(EventStreamRecorder::status)
                    .as("race " + race)
                    .containsExactlyInAnyOrder(200, 401);
        }
    }

    @Test
    void aLogOutOnOneServerIsRefusedOnTheOther() {
        Account account = api(a).newAccount();
        try (EventStreamRecorder onB =
                EventStreamRecorder.open(b.baseUri().resolve("/events"), account.accessToken(), Map.of())) {
            assertThat(onB.status()).isEqualTo(200);

            assertThat(api(a).post("/logout").as(account).send().status()).isEqualTo(204);

            // B's stream ends once B has heard of the log-out; from then on B refuses the token.
            assertThat(onB.assertEnded()).isEqualTo(StreamEndEvent.LOGGED_OUT);
            assertThat(api(b).get("/users/me").as(account).send().status()).isEqualTo(401);
            assertThat(api(b).refreshGrant(account.refreshToken()).status()).isEqualTo(400);
        }
    }

    @Test
    void aSubscriberHoppingBetweenServersWhileBothTakePostsGetsEveryMessageOnceInOrder() throws Exception {
        Account owner = api(a).newAccount();
        Session session = createSession(a, owner);
        String path = "/sessions/" + session.id() + "/events";
        int total = WRITERS * POSTS_PER_WRITER;

        List<Long> received = new ArrayList<>();
        EventStreamRecorder stream =
                EventStreamRecorder.open(a.baseUri().resolve(path), owner.accessToken(), Map.of("Last-Event-ID", "0"));
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> posting = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                ServerProcess through = w % 2 == 0 ? a : b;
                int writer = w;
                posting.add(writers.submit(() -> {
                    for (int i = 0; i < POSTS_PER_WRITER; i++) {
                        post(through, owner, session.id(), "writer " + writer + " post " + i);
                    }
                    return null;
                }));
            }
            boolean onA = true;
            while (received.size() < total) {
                received.add(stream.assertMessage().id());
                if (received.size() % EVENTS_PER_HOP == 0) {
                    stream.close();
                    onA = !onA;
                    stream = EventStreamRecorder.open(
                            (onA ? a : b).baseUri().resolve(path),
                            owner.accessToken(),
                            Map.of("Last-Event-ID", Long.toString(received.getLast())));
                    assertThat(stream.status()).isEqualTo(200);
                }
            }
            for (Future<?> done : posting) {
                done.get();
            }
        } finally {
            stream.close();
        }

        assertThat(received).as("every stored message once, in id order").isEqualTo(storedIds(owner, session.id()));
        assertThat(received).hasSize(total);
    }

    private static Session createSession(ServerProcess server, Account owner) {
        Response created = api(server)
                .post("/sessions")
                .as(owner)
                .json(new SessionTitle("Two servers"))
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.as(Session.class);
    }

    private static Message post(ServerProcess server, Account author, long sessionId, String text) {
        Response posted = api(server)
                .post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.as(Message.class);
    }

    private static List<Long> storedIds(Account reader, long sessionId) {
        List<Long> ids = new ArrayList<>();
        MessagePage page;
        do {
            long after = ids.isEmpty() ? 0 : ids.getLast();
            page = api(a).get("/sessions/" + sessionId + "/messages?limit=500&after_id=" + after)
                    .as(reader)
                    .send()
                    .as(MessagePage.class);
            page.messages().forEach(message -> ids.add(message.id()));
        } while (page.hasMore());
        return ids;
    }
}
