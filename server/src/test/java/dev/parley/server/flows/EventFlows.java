package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.MemberEvent;
import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.api.SessionDeletedEvent;
import dev.parley.api.SessionRenamedEvent;
import dev.parley.api.SessionTitle;
import dev.parley.api.StreamEndEvent;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sessions/{id}/events} and {@code GET /events}: live delivery, heartbeats, the stream
 * caps, and streams that end the moment their user's access (or token, or the server) does.
 * Resuming is {@link EventResumeFlows}'.
 */
abstract class EventFlows extends FlowSuite {

    @Test
    void aStreamDeliversEachNewMessageAsItIsPosted() {
        Account owner = newAccount();
        Session session = createSession(owner, "Live");

        try (EventStreamRecorder stream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(stream.next(java.time.Duration.ofSeconds(10)))
                    .as("reconnection advice first")
                    .isInstanceOf(EventStreamRecorder.Retry.class);

            Message posted = postMessage(owner, session.id(), "hello, live");

            assertThat(stream.assertMessage()).isEqualTo(posted);
            stream.assertNoEventBefore(postMessage(owner, session.id(), "marker"));
        }
    }

    @Test
    void everyMemberSeesWhatAnotherPosts() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Together");
        addMember(owner, session.id(), member);

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
                EventStreamRecorder memberStream =
                        openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            Message fromMember = postMessage(member, session.id(), "hi owner");
            Message fromOwner = postMessage(owner, session.id(), "hi member");

            assertThat(ownerStream.assertMessage()).isEqualTo(fromMember);
            assertThat(ownerStream.assertMessage()).isEqualTo(fromOwner);
            assertThat(memberStream.assertMessage()).isEqualTo(fromMember);
            assertThat(memberStream.assertMessage()).isEqualTo(fromOwner);
        }
    }

    @Test
    void anIdleStreamGetsAHeartbeatComment() {
        try (TestServer server = servers().start(Map.of("parley.events.heartbeat", "PT0.1S"))) {
            Account owner = ApiClient.of(server).newAccount();
            Session session = createSession(server, owner);

            try (EventStreamRecorder stream = EventStreamRecorder.open(
                    server, "/sessions/" + session.id() + "/events", owner.accessToken(), Map.of())) {
                assertThat(stream.assertComment().text()).isEqualTo("keep-alive");
                assertThat(stream.assertComment().text()).isEqualTo("keep-alive");
            }
        }
    }

    @Test
    void aStreamNeedsATokenAndAValidLastEventId() {
        Account owner = newAccount();
        Session session = createSession(owner, "Checks");

        EventStreamRecorder anonymous =
                EventStreamRecorder.open(servers().shared(), "/sessions/" + session.id() + "/events", null, Map.of());
        EventStreamRecorder badId =
                openStream(owner, "/sessions/" + session.id() + "/events", Map.of("Last-Event-ID", "yesterday"));
        EventStreamRecorder badAfter = openStream(owner, "/events?after_id=-1", Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.errorBody()).contains("Last-Event-ID");
        assertThat(badAfter.status()).isEqualTo(422);
        assertThat(openStream(owner, "/sessions/" + (session.id() + 1_000_000) + "/events", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(api().request("HEAD", "/sessions/" + session.id() + "/events")
                        .as(owner)
                        .send()
                        .status())
                .as("HEAD answers as GET would")
                .isEqualTo(200);
        assertThat(api().request("HEAD", "/sessions/" + session.id() + "/events")
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(api().request("HEAD", "/events")
                        .as(owner)
                        .header("Last-Event-ID", "x")
                        .send()
                        .status())
                .isEqualTo(422);
        assertThat(api().request("PUT", "/events").as(owner).send().header("Allow"))
                .hasValue("GET, HEAD");
    }

    @Test
    void removedMemberLosesTheStream() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Removed");
        addMember(owner, session.id(), member);

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
                EventStreamRecorder memberStream =
                        openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(api().delete("/sessions/" + session.id() + "/members/"
                                    + member.user().id())
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(204);

            assertThat(memberStream.assertEnded()).isEqualTo(StreamEndEvent.REMOVED);
            assertNotice(
                    ownerStream,
                    "member_left",
                    new MemberEvent(session.id(), member.user().id(), member.email()));
            Message after = postMessage(owner, session.id(), "only for the owner");
            assertThat(ownerStream.assertMessage()).isEqualTo(after);
        }
    }

    @Test
    void deletingTheSessionEndsItsStreams() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Gone");
        addMember(owner, session.id(), member);

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
                EventStreamRecorder memberStream =
                        openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(api().delete("/sessions/" + session.id())
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(204);

            assertThat(ownerStream.assertEnded()).isEqualTo(StreamEndEvent.SESSION_DELETED);
            assertThat(memberStream.assertEnded()).isEqualTo(StreamEndEvent.SESSION_DELETED);
        }
    }

    @Test
    void theStreamOfAllSessionsFollowsJoinsAndLeaves() {
        Account owner = newAccount();
        Account member = newAccount();
        Session first = createSession(owner, "First");
        addMember(owner, first.id(), member);

        try (EventStreamRecorder all = openStream(member, "/events", Map.of())) {
            Message inFirst = postMessage(owner, first.id(), "in the first");
            assertThat(all.assertMessage()).isEqualTo(inFirst);

            Session second = createSession(owner, "Second");
            postMessage(owner, second.id(), "before the member joined");
            addMember(owner, second.id(), member);
            assertNotice(
                    all,
                    "member_joined",
                    new MemberEvent(second.id(), member.user().id(), member.email()));
            Message inSecond = postMessage(owner, second.id(), "after the member joined");
            assertThat(all.assertMessage()).isEqualTo(inSecond);

            assertThat(api().delete("/sessions/" + first.id() + "/members/"
                                    + member.user().id())
                            .as(member)
                            .send()
                            .status())
                    .isEqualTo(204);
            assertNotice(
                    all,
                    "member_left",
                    new MemberEvent(first.id(), member.user().id(), member.email()));
            postMessage(owner, first.id(), "after the member left");
            Message stillSeen = postMessage(owner, second.id(), "still in the second");
            assertThat(all.assertMessage()).isEqualTo(stillSeen);
            all.assertNoEventBefore(postMessage(owner, second.id(), "marker"));
        }
    }

    @Test
    void joinsLeavesRenamesAndDeletionsAreToldToTheSessionsStreams() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Told");
        Session other = createSession(owner, "Other");

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
                EventStreamRecorder ownersAll = openStream(owner, "/events", Map.of())) {
            addMember(owner, session.id(), member);
            assertThat(api().patch("/sessions/" + session.id())
                            .as(owner)
                            .json(new SessionTitle("Retold"))
                            .send()
                            .status())
                    .isEqualTo(200);
            Message said = postMessage(member, session.id(), "hello");
            assertThat(api().delete("/sessions/" + session.id() + "/members/"
                                    + member.user().id())
                            .as(member)
                            .send()
                            .status())
                    .isEqualTo(204);

            for (EventStreamRecorder stream : List.of(ownerStream, ownersAll)) {
                assertNotice(
                        stream,
                        "member_joined",
                        new MemberEvent(session.id(), member.user().id(), member.email()));
                assertNotice(stream, "session_renamed", new SessionRenamedEvent(session.id(), "Retold"));
                assertThat(stream.assertMessage()).isEqualTo(said);
                assertNotice(
                        stream,
                        "member_left",
                        new MemberEvent(session.id(), member.user().id(), member.email()));
            }

            assertThat(api().delete("/sessions/" + session.id())
                            .as(owner)
                            .send()
                            .status())
                    .isEqualTo(204);
            assertNotice(ownersAll, "session_deleted", new SessionDeletedEvent(session.id()));
            assertThat(ownerStream.assertEnded()).isEqualTo(StreamEndEvent.SESSION_DELETED);
            ownersAll.assertNoEventBefore(postMessage(owner, other.id(), "marker"));
        }
    }

    /** The next event is {@code name}, carrying {@code payload}. */
    private static void assertNotice(EventStreamRecorder stream, String name, Object payload) {
        EventStreamRecorder.Event event = stream.assertEvent();
        assertThat(event.name()).isEqualTo(name);
        try {
            assertThat(Json.mapper().readValue(event.data(), payload.getClass()))
                    .isEqualTo(payload);
        } catch (IOException e) {
            throw new AssertionError("not a " + payload.getClass().getSimpleName() + ": " + event.data(), e);
        }
    }

    @Test
    void aStreamEndsWhenItsTokenIsRevokedOrExpires() {
        Map<String, String> settings =
                Map.of("parley.events.heartbeat", "PT0.2S", "parley.auth.access-token-ttl", "PT3S");
        try (TestServer server = servers().start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account loggedOut = api.newAccount();
            Account expiring = api.newAccount();
            try (EventStreamRecorder revoked =
                            EventStreamRecorder.open(server, "/events", loggedOut.accessToken(), Map.of());
                    EventStreamRecorder expired =
                            EventStreamRecorder.open(server, "/events", expiring.accessToken(), Map.of())) {
                assertThat(api.post("/logout").as(loggedOut).send().status()).isEqualTo(204);

                assertThat(revoked.assertEnded()).isEqualTo(StreamEndEvent.LOGGED_OUT);
                assertThat(expired.assertEnded()).isEqualTo(StreamEndEvent.TOKEN_EXPIRED);
            }
        }
    }

    @Test
    void stoppingTheServerEndsStreamsWithAHintToReconnect() {
        TestServer server = servers().start(Map.of());
        try {
            Account owner = ApiClient.of(server).newAccount();
            Session session = createSession(server, owner);
            try (EventStreamRecorder stream = EventStreamRecorder.open(
                    server, "/sessions/" + session.id() + "/events", owner.accessToken(), Map.of())) {
                assertThat(stream.status()).isEqualTo(200);

                server.close();

                assertThat(stream.assertComment().text()).contains("Last-Event-ID");
                assertThat(stream.assertEnded()).isEqualTo(StreamEndEvent.SERVER_STOPPING);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aUserMayHoldOnlySoManyStreams() {
        try (TestServer server = servers().start(Map.of("parley.events.max-streams-per-user", "2"))) {
            Account owner = ApiClient.of(server).newAccount();
            try (EventStreamRecorder one = EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of());
                    EventStreamRecorder two =
                            EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of())) {
                EventStreamRecorder three = EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of());

                assertThat(one.status()).isEqualTo(200);
                assertThat(two.status()).isEqualTo(200);
                assertThat(three.status()).isEqualTo(429);
                assertThat(three.headers().firstValue("Retry-After")).isPresent();
                assertThat(EventStreamRecorder.open(
                                        server,
                                        "/events",
                                        ApiClient.of(server).newAccount().accessToken(),
                                        Map.of())
                                .status())
                        .as("another user's streams are their own")
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void theServerHoldsOnlySoManyStreamsInAll() {
        try (TestServer server = servers().start(Map.of("parley.events.max-streams", "2"))) {
            ApiClient api = ApiClient.of(server);
            try (EventStreamRecorder one = EventStreamRecorder.open(
                            server, "/events", api.newAccount().accessToken(), Map.of());
                    EventStreamRecorder two = EventStreamRecorder.open(
                            server, "/events", api.newAccount().accessToken(), Map.of())) {
                EventStreamRecorder three = EventStreamRecorder.open(
                        server, "/events", api.newAccount().accessToken(), Map.of());

                assertThat(one.status()).isEqualTo(200);
                assertThat(two.status()).isEqualTo(200);
                assertThat(three.status()).isEqualTo(503);
                assertThat(three.headers().firstValue("Retry-After")).isPresent();
                assertThat(three.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
        }
    }
}
