package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.api.StreamTicket;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stream tickets, what a browser's EventSource opens a stream with: issued for one stream with the
 * bearer token, good for one request to that stream within their lifetime, and nothing else.
 */
abstract class StreamTicketFlows extends FlowSuite {

    @Test
    void aTicketOpensItsSessionsStreamWithoutATokenOnce() {
        Account owner = newAccount();
        Session session = createSession(owner, "Tickets");
        Response issued = api().post("/sessions/" + session.id() + "/events/tickets")
                .as(owner)
                .send();

        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).hasValue("no-store");
        assertThat(fieldNames(issued.json())).containsExactlyInAnyOrder("ticket", "expires_in");
        StreamTicket ticket = issued.as(StreamTicket.class);
        assertThat(ticket.ticket()).matches("[A-Za-z0-9_-]{43}");
        assertThat(ticket.expiresIn()).isEqualTo(60);
        try (EventStreamRecorder stream = open("/sessions/" + session.id() + "/events", ticket)) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            Message posted = postMessage(owner, session.id(), "seen through a ticket");
            assertThat(stream.assertMessage()).isEqualTo(posted);

            try (EventStreamRecorder again = open("/sessions/" + session.id() + "/events", ticket)) {
                assertThat(again.status()).as("a ticket already used").isEqualTo(401);
            }
        }
    }

    /** What a page does when EventSource gave up: a new ticket, and the last event id it saw as after_id. */
    @Test
    void aNewTicketWithAfterIdResumesWithNoGapAndNoDuplicate() {
        Account owner = newAccount();
        Session session = createSession(owner, "Resume by ticket");
        String path = "/sessions/" + session.id() + "/events";
        Message seen;
        try (EventStreamRecorder first = open(path, ticket(owner, path))) {
            seen = postMessage(owner, session.id(), "seen");
            assertThat(first.assertMessage()).isEqualTo(seen);
        }
        Message missed = postMessage(owner, session.id(), "missed while away");

        try (EventStreamRecorder resumed = open(path + "?after_id=" + seen.id(), ticket(owner, path))) {
            assertThat(resumed.assertMessage()).isEqualTo(missed);
            Message live = postMessage(owner, session.id(), "live again");
            assertThat(resumed.assertMessage()).isEqualTo(live);
            resumed.assertNoEventBefore(postMessage(owner, session.id(), "marker"));
        }
    }

    @Test
    void aTicketOfAllSessionsOpensTheStreamOfAllSessions() {
        Account owner = newAccount();
        Session session = createSession(owner, "All of them");

        try (EventStreamRecorder stream = open("/events", ticket(owner, "/events"))) {
            assertThat(stream.status()).as(stream.errorBody()).isEqualTo(200);
            Message posted = postMessage(owner, session.id(), "on the stream of everything");
            assertThat(stream.assertMessage()).isEqualTo(posted);
        }
    }

    @Test
    void anExpiredTicketIsRefused() {
        try (TestServer server = servers().start(Map.of("parley.events.ticket-ttl", "PT0S"))) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            StreamTicket ticket = api.post("/events/tickets").as(owner).send().as(StreamTicket.class);

            try (EventStreamRecorder stream =
                    EventStreamRecorder.open(server, "/events?ticket=" + ticket.ticket(), null, Map.of())) {
                assertThat(stream.status()).isEqualTo(401);
                assertThat(stream.errorBody()).doesNotContain(ticket.ticket());
            }
        }
    }

    @Test
    void aTicketOpensOnlyTheStreamItWasIssuedForAndIsUsedUpByTryingAnother() {
        Account owner = newAccount();
        Session mine = createSession(owner, "Mine");
        Session other = createSession(owner, "Also mine");
        String path = "/sessions/" + mine.id() + "/events";

        try (EventStreamRecorder wrongSession = open("/sessions/" + other.id() + "/events", ticket(owner, path));
                EventStreamRecorder allSessions = open("/events", ticket(owner, path));
                EventStreamRecorder oneSession = open(path, ticket(owner, "/events"))) {
            assertThat(wrongSession.status()).isEqualTo(401);
            assertThat(allSessions.status()).isEqualTo(401);
            assertThat(oneSession.status()).isEqualTo(401);
        }
        StreamTicket tried = ticket(owner, path);
        try (EventStreamRecorder elsewhere = open("/events", tried);
                EventStreamRecorder afterwards = open(path, tried)) {
            assertThat(elsewhere.status()).isEqualTo(401);
            assertThat(afterwards.status())
                    .as("a ticket presented anywhere is used up")
                    .isEqualTo(401);
        }
    }

    @Test
    void aTicketShowsOnlyWhatItsOwnUserMaySee() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "Private");
        Session strangers = createSession(stranger, "The stranger's");

        Response refused = api().post("/sessions/" + session.id() + "/events/tickets")
                .as(stranger)
                .send();
        assertProblem(refused, 404);
        try (EventStreamRecorder stream = open("/events", ticket(stranger, "/events"))) {
            assertThat(stream.status()).isEqualTo(200);
            postMessage(owner, session.id(), "not for the stranger");
            stream.assertNoEventBefore(postMessage(stranger, strangers.id(), "the stranger's own"));
        }
    }

    @Test
    void aTicketOfALoginLoggedOutSinceIsRefused() {
        Account account = newAccount();
        StreamTicket ticket = ticket(account, "/events");

        assertThat(api().post("/logout").as(account).send().status()).isEqualTo(204);

        try (EventStreamRecorder stream = open("/events", ticket)) {
            assertThat(stream.status()).isEqualTo(401);
        }
    }

    /** A ticket's stream lives on the access token it was issued for, and ends with its login. */
    @Test
    void aStreamOpenedWithATicketEndsWhenItsLoginIsLoggedOut() {
        try (TestServer server = servers().start(Map.of("parley.events.heartbeat", "PT0.2S"))) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            StreamTicket ticket = api.post("/events/tickets").as(account).send().as(StreamTicket.class);
            try (EventStreamRecorder stream =
                    EventStreamRecorder.open(server, "/events?ticket=" + ticket.ticket(), null, Map.of())) {
                assertThat(stream.status()).isEqualTo(200);

                assertThat(api.post("/logout").as(account).send().status()).isEqualTo(204);

                // Whatever the stream says on its way out, it closes.
                EventStreamRecorder.Item item;
                do {
                    item = stream.next(Duration.ofSeconds(10));
                    assertThat(item).as("the stream to end within 10 s").isNotNull();
                } while (!(item instanceof EventStreamRecorder.Ended));
            }
        }
    }

    @Test
    void aTicketIsNoBearerToken() {
        Account account = newAccount();
        String ticket = ticket(account, "/events").ticket();

        assertUnauthorized(api().get("/users/me").bearer(ticket).send(), ticket);
        assertUnauthorized(api().get("/users/me?ticket=" + ticket).send(), ticket);
        assertUnauthorized(api().post("/events/tickets?ticket=" + ticket).send(), ticket);
        try (EventStreamRecorder stream = EventStreamRecorder.open(servers().shared(), "/events", ticket, Map.of())) {
            assertThat(stream.status()).as("a ticket sent as a bearer token").isEqualTo(401);
        }
    }

    @Test
    void aTicketAndAnAuthorizationHeaderTogetherAreABadRequest() {
        Account account = newAccount();
        StreamTicket ticket = ticket(account, "/events");

        try (EventStreamRecorder stream = EventStreamRecorder.open(
                servers().shared(), "/events?ticket=" + ticket.ticket(), account.accessToken(), Map.of())) {
            assertThat(stream.status()).isEqualTo(400);
        }
    }

    @Test
    void anUnknownOrMalformedTicketIsRefused() {
        for (String ticket : new String[] {"", "not-a-ticket", "A".repeat(43), "%2B".repeat(43)}) {
            try (EventStreamRecorder stream =
                    EventStreamRecorder.open(servers().shared(), "/events?ticket=" + ticket, null, Map.of())) {
                assertThat(stream.status()).as(ticket).isEqualTo(401);
            }
        }
    }

    private StreamTicket ticket(Account account, String streamPath) {
        Response issued = api().post(streamPath + "/tickets").as(account).send();
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        return issued.as(StreamTicket.class);
    }

    /** Opens {@code path} (which may have a query already) with the ticket and no Authorization header. */
    private EventStreamRecorder open(String path, StreamTicket ticket) {
        URI uri = servers()
                .shared()
                .baseUri()
                .resolve(path + (path.contains("?") ? "&" : "?") + "ticket=" + ticket.ticket());
        return EventStreamRecorder.open(uri, null, Map.of());
    }
}
