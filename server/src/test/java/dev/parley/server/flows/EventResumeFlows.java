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
 * Resuming an event stream: {@code Last-Event-ID} (or {@code ?after_id=}) replays what was missed
 * and then goes live, with no gap and no duplicate — across sessions, after a stream was dropped for
 * falling behind, and for a subscriber cut off again and again while others post.
 */
abstract class EventResumeFlows extends FlowSuite {

    @Test
    void lastEventIdReplaysWhatWasMissedThenGoesLive() {
        Account owner = newAccount();
        Session session = createSession(owner, "Resume");
        Message first = postMessage(owner, session.id(), "one");
        Message second = postMessage(owner, session.id(), "two");
        Message third = postMessage(owner, session.id(), "three");

        try (EventStreamRecorder stream = openStream(
                owner, "/sessions/" + session.id() + "/events", Map.of("Last-Event-ID", Long.toString(first.id())))) {
            assertThat(stream.assertMessage()).isEqualTo(second);
            assertThat(stream.assertMessage()).isEqualTo(third);
            Message fourth = postMessage(owner, session.id(), "four");
            assertThat(stream.assertMessage()).isEqualTo(fourth);
            stream.assertNoEventBefore(postMessage(owner, session.id(), "marker"));
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
                EventStreamRecorder byHeader =
                        openStream(owner, path, Map.of("Last-Event-ID", Long.toString(first.id())))) {
            assertThat(byQuery.assertMessage()).isEqualTo(first);
            assertThat(byQuery.assertMessage()).isEqualTo(second);
            assertThat(byHeader.assertMessage()).isEqualTo(second);
        }
    }

    @Test
    void aReplayLongerThanOnePageOfTextsComesWhole() {
        Account owner = newAccount();
        Session session = createSession(owner, "Long texts");
        List<Message> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            posted.add(
                    postMessage(owner, session.id(), Character.toString('a' + i).repeat(4000)));
        }

        try (EventStreamRecorder stream =
                openStream(owner, "/sessions/" + session.id() + "/events?after_id=0", Map.of())) {
            for (Message message : posted) {
                assertThat(stream.assertMessage()).isEqualTo(message);
            }
            stream.assertNoEventBefore(postMessage(owner, session.id(), "marker"));
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

        try (EventStreamRecorder all =
                openStream(owner, "/events", Map.of("Last-Event-ID", Long.toString(start.id())))) {
            assertThat(all.assertMessage()).isEqualTo(b1);
            assertThat(all.assertMessage()).isEqualTo(a2);
            all.assertNoEventBefore(postMessage(owner, first.id(), "marker"));
        }
    }

    /**
     * A reader that stops reading must cost nobody anything: posting goes on at full speed, the
     * stream is ended once its (here tiny) buffer is full, and the reader resumes without a loss.
     */
    @Test
    void aReaderThatFallsBehindIsDroppedAndResumesWithoutALoss() throws Exception {
        Map<String, String> settings = Map.of(
                "parley.events.buffer-size",
                "4",
                "server.connection-options.socket-send-buffer-size",
                "4096",
                "parley.limits.messages.burst",
                "1000");
        try (TestServer server = servers().start(settings)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(server, owner);
            List<Message> posted = new ArrayList<>();
            String text = "x".repeat(3990);

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
                stalled.getOutputStream()
                        .write(("GET /sessions/" + session.id() + "/events HTTP/1.1\r\nHost: localhost\r\n"
                                        + "Authorization: Bearer " + owner.accessToken() + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 200; i++) {
                    ApiClient.Response response = api.post("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .json(new NewMessage(text + " " + i))
                            .send();
                    assertThat(response.status()).as(response.body()).isEqualTo(201);
                    posted.add(response.as(Message.class));
                }
                stalled.setSoTimeout(10_000);
                String received = readUntilTheResponseEnds(stalled);

                assertThat(received)
                        .contains("fell too far behind")
                        .contains("event: end\ndata: {\"reason\":\"fell_behind\"}\n\n");
                long lastSeen = Pattern.compile("id: (\\d+)")
                        .matcher(received)
                        .results()
                        .mapToLong(match -> Long.parseLong(match.group(1)))
                        .max()
                        .orElse(0);
                assertThat(lastSeen).isLessThan(posted.getLast().id());

                try (EventStreamRecorder resumed = EventStreamRecorder.open(
                        server,
                        "/sessions/" + session.id() + "/events",
                        owner.accessToken(),
                        Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
                    for (Message message : posted) {
                        if (message.id() > lastSeen) {
                            assertThat(resumed.assertMessage()).isEqualTo(message);
                        }
                    }
                    resumed.assertNoEventBefore(api.post("/sessions/" + session.id() + "/messages")
                            .as(owner)
                            .json(new NewMessage("marker"))
                            .send()
                            .as(Message.class));
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
            page = api().get("/sessions/" + sessionId + "/messages?limit=500&after_id=" + after)
                    .as(reader)
                    .send()
                    .as(MessagePage.class);
            page.messages().forEach(message -> ids.add(message.id()));
        } while (page.hasMore());
        return ids;
    }
}
