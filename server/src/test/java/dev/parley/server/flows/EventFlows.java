package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sessions/{id}/events} and {@code GET /events}: live delivery, resume from
 * {@code Last-Event-ID} with no gap and no duplicate, heartbeats, and streams that end the moment
 * their user's access does.
 */
abstract class EventFlows extends FlowSuite {

    @Test
    void aStreamDeliversEachNewMessageAsItIsPosted() {
        Account owner = newAccount();
        Session session = createSession(owner, "Live");

        try (EventStreamRecorder stream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(stream.next(java.time.Duration.ofSeconds(10)))
                    .as("reconnection advice first").isInstanceOf(EventStreamRecorder.Retry.class);

            Message posted = postMessage(owner, session.id(), "hello, live");

            assertThat(stream.assertMessage()).isEqualTo(posted);
            stream.assertNoEvent();
        }
    }

    @Test
    void everyMemberSeesWhatAnotherPosts() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Together");
        addMember(owner, session.id(), member);

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
             EventStreamRecorder memberStream = openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            Message fromMember = postMessage(member, session.id(), "hi owner");
            Message fromOwner = postMessage(owner, session.id(), "hi member");

            assertThat(ownerStream.assertMessage()).isEqualTo(fromMember);
            assertThat(ownerStream.assertMessage()).isEqualTo(fromOwner);
            assertThat(memberStream.assertMessage()).isEqualTo(fromMember);
            assertThat(memberStream.assertMessage()).isEqualTo(fromOwner);
        }
    }

    @Test
    void lastEventIdReplaysWhatWasMissedThenGoesLive() {
        Account owner = newAccount();
        Session session = createSession(owner, "Resume");
        Message first = postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        Message third = postMessage(owner, session.id(), "three");

        try (EventStreamRecorder stream = openStream(owner, "/sessions/" + session.id() + "/events",
                Map.of("Last-Event-ID", Long.toString(first.id())))) {
            assertThat(stream.assertMessage()).isEqualTo(second);
            assertThat(stream.assertMessage()).isEqualTo(third);
            Message fourth = postMessage(owner, session.id(), "four");
            assertThat(stream.assertMessage()).isEqualTo(fourth);
            stream.assertNoEvent();
        }
    }

    @Test
    void afterIdReplaysLikeLastEventIdWhichWinsWhenBothAreGiven() {
        Account owner = newAccount();
        Session session = createSession(owner, "After");
        Message first = postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        String path = "/sessions/" + session.id() + "/events?after_id=0";

        try (EventStreamRecorder byQuery = openStream(owner, path, Map.of());
             EventStreamRecorder byHeader = openStream(owner, path, Map.of("Last-Event-ID", Long.toString(first.id())))) {
            assertThat(byQuery.assertMessage()).isEqualTo(first);
            assertThat(byQuery.assertMessage()).isEqualTo(second);
            assertThat(byHeader.assertMessage()).isEqualTo(second);
        }
    }

    @Test
    void anIdleStreamGetsAHeartbeatComment() {
        try (TestServer server = servers().start(Map.of("parley.events.heartbeat", "PT0.1S"))) {
            Account owner = ApiClient.of(server).newAccount();
            Session session = createSession(server, owner);

            try (EventStreamRecorder stream = EventStreamRecorder.open(server, "/sessions/" + session.id() + "/events",
                    owner.accessToken(), Map.of())) {
                assertThat(stream.assertComment().text()).isEqualTo("keep-alive");
                assertThat(stream.assertComment().text()).isEqualTo("keep-alive");
            }
        }
    }

    @Test
    void aStreamNeedsATokenAndAValidLastEventId() {
        Account owner = newAccount();
        Session session = createSession(owner, "Checks");

        EventStreamRecorder anonymous = EventStreamRecorder.open(servers().shared(),
                "/sessions/" + session.id() + "/events", null, Map.of());
        EventStreamRecorder badId = openStream(owner, "/sessions/" + session.id() + "/events",
                Map.of("Last-Event-ID", "yesterday"));
        EventStreamRecorder badAfter = openStream(owner, "/events?after_id=-1", Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.errorBody()).contains("Last-Event-ID");
        assertThat(badAfter.status()).isEqualTo(422);
        assertThat(openStream(owner, "/sessions/" + (session.id() + 1_000_000) + "/events", Map.of()).status())
                .isEqualTo(404);
        ApiClient.Response head = api().request("HEAD", "/sessions/" + session.id() + "/events").as(owner).send();
        assertThat(head.status()).as("HEAD on an endless stream").isEqualTo(405);
        assertThat(head.header("Allow")).hasValue("GET");
    }

    @Test
    void removedMemberLosesTheStream() {
        Account owner = newAccount();
        Account member = newAccount();
        Session session = createSession(owner, "Removed");
        addMember(owner, session.id(), member);

        try (EventStreamRecorder ownerStream = openStream(owner, "/sessions/" + session.id() + "/events", Map.of());
             EventStreamRecorder memberStream = openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(api().delete("/sessions/" + session.id() + "/members/" + member.user().id()).as(owner).send()
                    .status()).isEqualTo(204);

            memberStream.assertEnded();
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
             EventStreamRecorder memberStream = openStream(member, "/sessions/" + session.id() + "/events", Map.of())) {
            assertThat(api().delete("/sessions/" + session.id()).as(owner).send().status()).isEqualTo(204);

            ownerStream.assertEnded();
            memberStream.assertEnded();
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
            Message inSecond = postMessage(owner, second.id(), "after the member joined");
            assertThat(all.assertMessage()).isEqualTo(inSecond);

            assertThat(api().delete("/sessions/" + first.id() + "/members/" + member.user().id()).as(member).send()
                    .status()).isEqualTo(204);
            postMessage(owner, first.id(), "after the member left");
            Message stillSeen = postMessage(owner, second.id(), "still in the second");
            assertThat(all.assertMessage()).isEqualTo(stillSeen);
            all.assertNoEvent();
        }
    }

    @Test
    void theStreamOfAllSessionsResumesAcrossSessions() {
        Account owner = newAccount();
        Session first = createSession(owner, "A");
        Session second = createSession(owner, "B");
        Message start = postMessage(owner, first.id(), "a1");
        Message b1 = postMessage(owner, second.id(), "b1");
        Message a2 = postMessage(owner, first.id(), "a2");

        try (EventStreamRecorder all = openStream(owner, "/events", Map.of("Last-Event-ID", Long.toString(start.id())))) {
            assertThat(all.assertMessage()).isEqualTo(b1);
            assertThat(all.assertMessage()).isEqualTo(a2);
            all.assertNoEvent();
        }
    }

    @Test
    void aStreamEndsWhenItsTokenIsRevokedOrExpires() {
        Map<String, String> settings = Map.of("parley.events.heartbeat", "PT0.2S", "parley.auth.access-token-ttl", "PT3S");
        try (TestServer server = servers().start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account loggedOut = api.newAccount();
            Account expiring = api.newAccount();
            try (EventStreamRecorder revoked = EventStreamRecorder.open(server, "/events", loggedOut.accessToken(), Map.of());
                 EventStreamRecorder expired = EventStreamRecorder.open(server, "/events", expiring.accessToken(), Map.of())) {
                assertThat(api.post("/logout").as(loggedOut).send().status()).isEqualTo(204);

                assertThat(reasonTheStreamEnded(revoked)).contains("expired or was revoked");
                assertThat(reasonTheStreamEnded(expired)).contains("expired or was revoked");
            }
        }
    }

    @Test
    void stoppingTheServerEndsStreamsWithAHintToReconnect() {
        TestServer server = servers().start(Map.of());
        try {
            Account owner = ApiClient.of(server).newAccount();
            Session session = createSession(server, owner);
            try (EventStreamRecorder stream = EventStreamRecorder.open(server, "/sessions/" + session.id() + "/events",
                    owner.accessToken(), Map.of())) {
                assertThat(stream.status()).isEqualTo(200);

                server.close();

                assertThat(stream.assertComment().text()).contains("Last-Event-ID");
                stream.assertEnded();
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
                 EventStreamRecorder two = EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of())) {
                EventStreamRecorder three = EventStreamRecorder.open(server, "/events", owner.accessToken(), Map.of());

                assertThat(one.status()).isEqualTo(200);
                assertThat(two.status()).isEqualTo(200);
                assertThat(three.status()).isEqualTo(429);
                assertThat(three.headers().firstValue("Retry-After")).isPresent();
                assertThat(EventStreamRecorder.open(server, "/events", ApiClient.of(server).newAccount().accessToken(),
                        Map.of()).status()).as("another user's streams are their own").isEqualTo(200);
            }
        }
    }

    @Test
    void theServerHoldsOnlySoManyStreamsInAll() {
        try (TestServer server = servers().start(Map.of("parley.events.max-streams", "2"))) {
            ApiClient api = ApiClient.of(server);
            try (EventStreamRecorder one = EventStreamRecorder.open(server, "/events", api.newAccount().accessToken(), Map.of());
                 EventStreamRecorder two = EventStreamRecorder.open(server, "/events", api.newAccount().accessToken(), Map.of())) {
                EventStreamRecorder three = EventStreamRecorder.open(server, "/events", api.newAccount().accessToken(), Map.of());

                assertThat(one.status()).isEqualTo(200);
                assertThat(two.status()).isEqualTo(200);
                assertThat(three.status()).isEqualTo(503);
                assertThat(three.headers().firstValue("Retry-After")).isPresent();
                assertThat(three.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            }
        }
    }

    /**
     * A reader that stops reading must cost nobody anything: posting goes on at full speed, the
     * stream is ended once its (here tiny) buffer is full, and the reader resumes without a loss.
     */
    @Test
    void aReaderThatFallsBehindIsDroppedAndResumesWithoutALoss() throws Exception {
        Map<String, String> settings = Map.of("parley.events.buffer-size", "4",
                "server.connection-options.socket-send-buffer-size", "4096",
                "parley.limits.messages.burst", "1000");
        try (TestServer server = servers().start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);
            List<Message> posted = new ArrayList<>();
            String text = "x".repeat(3990);

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
                stalled.getOutputStream().write(("GET /sessions/" + session.id() + "/events HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + owner.accessToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 200; i++) {
                    ApiClient.Response response = api.post("/sessions/" + session.id() + "/messages").as(owner)
                            .json(new NewMessage(text + " " + i)).send();
                    assertThat(response.status()).as(response.body()).isEqualTo(201);
                    posted.add(response.as(Message.class));
                }
                stalled.setSoTimeout(10_000);
                String received = readUntilTheResponseEnds(stalled);

                assertThat(received).contains("fell too far behind");
                long lastSeen = Pattern.compile("id: (\\d+)").matcher(received).results()
                        .mapToLong(match -> Long.parseLong(match.group(1))).max().orElse(0);
                assertThat(lastSeen).isLessThan(posted.getLast().id());

                try (EventStreamRecorder resumed = EventStreamRecorder.open(server, "/sessions/" + session.id() + "/events",
                        owner.accessToken(), Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
                    for (Message message : posted) {
                        if (message.id() > lastSeen) {
                            assertThat(resumed.assertMessage()).isEqualTo(message);
                        }
                    }
                    resumed.assertNoEvent();
                }
            }
        }
    }

    /**
     * The promise of resume: while 8 writers post at once, a subscriber whose connection is cut again
     * and again (each time after a random number of events) and who reconnects with Last-Event-ID
     * ends up with exactly the session's messages, in order, none missing, none twice.
     */
    @Test
    void aSubscriberCutOffRepeatedlyWhileEightWritersPostGetsEveryMessageOnceInOrder() throws Exception {
        Account owner = newAccount();
        Session session = createSession(owner, "Busy");
        List<Account> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Account writer = newAccount();
            addMember(owner, session.id(), writer);
            writers.add(writer);
        }
        int perWriter = 40;
        int total = writers.size() * perWriter;
        String path = "/sessions/" + session.id() + "/events";
        List<Long> received = new ArrayList<>();
        Random random = new Random(42);

        EventStreamRecorder stream = openStream(owner, path, Map.of());
        try (ExecutorService posting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> posts = new ArrayList<>();
            for (Account writer : writers) {
                posts.add(posting.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        postMessage(writer, session.id(), writer.email() + " #" + i);
                    }
                }));
            }
            int connections = 1;
            while (received.size() < total) {
                int take = 1 + random.nextInt(25);
                for (int i = 0; i < take && received.size() < total; i++) {
                    received.add(stream.assertMessage().id());
                }
                stream.close();
                stream = openStream(owner, path, Map.of("Last-Event-ID", Long.toString(received.getLast())));
                connections++;
            }
            for (Future<?> post : posts) {
                post.get();
            }
            assertThat(connections).as("the connection was cut many times").isGreaterThan(10);
        } finally {
            stream.close();
        }

        assertThat(received).as("no duplicate, in order").isSorted().doesNotHaveDuplicates();
        assertThat(received).as("exactly the stored messages").isEqualTo(storedIds(owner, session.id()));
    }

    /** The comment a stream ends with, after whatever keep-alive comments come first. */
    private static String reasonTheStreamEnded(EventStreamRecorder stream) {
        String comment;
        do {
            comment = stream.assertComment().text();
        } while (comment.equals("keep-alive"));
        stream.assertEnded();
        return comment;
    }

    /** What a raw HTTP/1.1 client reads up to the chunked body's terminating chunk. */
    private static String readUntilTheResponseEnds(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!received.toString(StandardCharsets.UTF_8).endsWith("\r\n0\r\n\r\n")) {
            int read = socket.getInputStream().read(buffer);
            if (read < 0) {
                break;
            }
            received.write(buffer, 0, read);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private List<Long> storedIds(Account reader, long sessionId) {
        List<Long> ids = new ArrayList<>();
        MessagePage page;
        do {
            long after = ids.isEmpty() ? 0 : ids.getLast();
            page = api().get("/sessions/" + sessionId + "/messages?limit=500&after_id=" + after).as(reader).send()
                    .as(MessagePage.class);
            page.messages().forEach(message -> ids.add(message.id()));
        } while (page.hasMore());
        return ids;
    }

    private static Session createSession(TestServer server, Account owner) {
        return ApiClient.of(server).post("/sessions").as(owner).send().as(Session.class);
    }
}
