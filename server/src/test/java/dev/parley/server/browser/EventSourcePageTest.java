package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web page follows a session with the browser's own EventSource and stream tickets
 * (src/test/resources/browser/follow.js, docs/browser-streams.md), on the API's origin and on
 * another one, across a restart of the server: what was posted before, while the page was cut off
 * (through a server it never saw) and after, it shows exactly once, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSourcePageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Chromium chromium;
    private PageServer pages;

    @BeforeAll
    void start() {
        chromium = Chromium.startOrSkip();
        pages = PageServer.start();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (pages != null) {
                pages.close();
            }
        }
    }

    /** The page is Parley's own /docs, the one page of its origin, with the follower script added. */
    @Test
    void aPageOnTheApisOriginFollowsASessionAcrossARestart(@TempDir Path data) throws Exception {
        followAcrossARestart(data, "same-origin", (server, account, session) -> {
            chromium.driver().get(server.baseUri() + "/docs");
            chromium.script(followerScript());
            chromium.script(
                    "parleyFollower.start('', arguments[0], arguments[1]);", account.accessToken(), session.id());
        });
    }

    /** The page comes from another origin, which the server's CORS settings allow. */
    @Test
    void aPageOnAnotherOriginFollowsASessionAcrossARestart(@TempDir Path data) throws Exception {
        followAcrossARestart(data, "cross-origin", (server, account, session) -> {
            chromium.driver().get(pages.page("follow.html").toString());
            chromium.await(
                    "the follower script", WAIT, browser -> chromium.script("return window.parleyFollower") != null);
            chromium.script(
                    "parleyFollower.start(arguments[0], arguments[1], arguments[2]);",
                    server.baseUri().toString(),
                    account.accessToken(),
                    session.id());
        });
    }

    /** How a test opens its page and starts following. */
    @FunctionalInterface
    private interface Follow {
        void start(TestServer server, Account account, Session session);
    }

    private void followAcrossARestart(Path data, String name, Follow follow) throws Exception {
        Map<String, String> settings = new HashMap<>();
        // The page knows one address: the restarted server must answer on the same port.
        settings.put("server.port", Integer.toString(freePort()));
        settings.put("parley.cors.allowed-origins", pages.origin());
        TestServer server = TestServer.start(data, settings);
        try {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            Session session = api.post("/sessions").as(account).send().as(Session.class);
            List<Message> posted = new ArrayList<>();

            chromium.withEvidence("event-source-" + name, () -> {
                follow.start(server, account, session);
                // A new stream carries what is posted from its opening on.
                chromium.await(
                        "the page's stream to open",
                        WAIT,
                        browser -> ((Number) chromium.script("return parleyFollower.state.connected")).intValue() > 0);
                posted.add(post(server, account, session, "before 1"));
                posted.add(post(server, account, session, "before 2"));
                awaitReceived(posted.size());

                server.close();
                // While the page is cut off, posts go through a server on the same data that the page never sees.
                Map<String, String> elsewhere = new HashMap<>(settings);
                elsewhere.put("server.port", "0");
                try (TestServer meanwhile = TestServer.start(data, elsewhere)) {
                    posted.add(post(meanwhile, account, session, "during 1"));
                    posted.add(post(meanwhile, account, session, "during 2"));
                }
                // Back on its port (restart() starts it again; it is stopped already).
                server.restart();
                awaitReceived(posted.size());
                posted.add(post(server, account, session, "after 1"));
                posted.add(post(server, account, session, "after 2"));
                awaitReceived(posted.size());

                // A duplicate or a stray message would come before this one (events come in commit order).
                posted.add(post(server, account, session, "marker"));
                awaitReceived(posted.size());
                assertThat(received())
                        .as("what the page received")
                        .isEqualTo(posted.stream()
                                .map(message -> Map.of("id", message.id(), "text", message.text()))
                                .toList());
                assertThat(openedAfter())
                        .as("the page's streams: the first, then one resuming after the last id seen")
                        .startsWith((Object) null)
                        .contains(Long.toString(posted.get(1).id()));
            });
        } finally {
            server.close();
        }
    }

    private static Message post(TestServer server, Account account, Session session, String text) {
        ApiClient.Response response = ApiClient.of(server)
                .post("/sessions/" + session.id() + "/messages")
                .as(account)
                .json(new NewMessage(text))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Message.class);
    }

    private void awaitReceived(int count) {
        chromium.await(
                count + " messages on the page", WAIT, browser -> received().size() >= count);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> received() {
        List<Map<String, Object>> received = new ArrayList<>();
        for (Map<String, Object> message :
                (List<Map<String, Object>>) chromium.script("return parleyFollower.state.received")) {
            // WebDriver hands numbers back as Long.
            received.add(Map.of("id", message.get("id"), "text", message.get("text")));
        }
        return received;
    }

    @SuppressWarnings("unchecked")
    private List<Object> openedAfter() {
        return (List<Object>) chromium.script("return parleyFollower.state.openedAfter");
    }

    private static String followerScript() {
        try (InputStream in = EventSourcePageTest.class.getResourceAsStream("/browser/follow.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
