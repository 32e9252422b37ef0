package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.server.db.MessageRows;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /sessions/{id}/messages}: id-cursor pages in ascending order, on one session of sixty
 * messages that every test here only reads; and many writers at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HistoryFlows extends FlowSuite {

    private Account reader;
    private Session session;
    private List<Message> sixty;

    @BeforeAll
    void postSixtyMessages() {
        reader = newAccount();
        session = createSession(reader, "history");
        sixty = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            sixty.add(postMessage(reader, session.id(), "message " + i));
        }
    }

    @Test
    void withoutACursorTheLatestFiftyComeInAscendingOrder() {
        MessagePage page = page("");

        assertThat(page.messages()).containsExactlyElementsOf(sixty.subList(10, 60));
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void afterIdPagesForward() {
        MessagePage middle = page("after_id=" + sixty.get(9).id() + "&limit=20");
        MessagePage last = page("after_id=" + sixty.get(49).id() + "&limit=20");

        assertThat(middle.messages()).containsExactlyElementsOf(sixty.subList(10, 30));
        assertThat(middle.hasMore()).isTrue();
        assertThat(last.messages()).containsExactlyElementsOf(sixty.subList(50, 60));
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void beforeIdPagesBackward() {
        MessagePage latest = page("limit=25");
        MessagePage earlier = page("before_id=" + latest.messages().getFirst().id() + "&limit=25");
        MessagePage earliest = page("before_id=" + earlier.messages().getFirst().id() + "&limit=25");

        assertThat(latest.messages()).containsExactlyElementsOf(sixty.subList(35, 60));
        assertThat(earlier.messages()).containsExactlyElementsOf(sixty.subList(10, 35));
        assertThat(earlier.hasMore()).isTrue();
        assertThat(earliest.messages()).containsExactlyElementsOf(sixty.subList(0, 10));
        assertThat(earliest.hasMore()).isFalse();
    }

    @Test
    void afterIdAndBeforeIdTogetherBoundAWindow() {
        MessagePage window = page(
                "after_id=" + sixty.get(4).id() + "&before_id=" + sixty.get(10).id());

        assertThat(window.messages()).containsExactlyElementsOf(sixty.subList(5, 10));
        assertThat(window.hasMore()).isFalse();
    }

    @Test
    void aLimitOfFiveHundredIsAccepted() {
        MessagePage page = page("limit=500");

        assertThat(page.messages()).containsExactlyElementsOf(sixty);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aPageStopsBeforeItsTextsPassTheBoundAndSaysMoreFollow() {
        Account author = newAccount();
        long longTexts = createSession(author, "long texts").id();
        List<Message> posted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            posted.add(
                    postMessage(author, longTexts, Character.toString('a' + i).repeat(4000)));
        }
        // The latest page is now cached; the next posts are appended to it.
        assertThat(page(author, longTexts, "").messages()).containsExactlyElementsOf(posted);
        for (int i = 3; i < 10; i++) {
            posted.add(
                    postMessage(author, longTexts, Character.toString('a' + i).repeat(4000)));
        }
        int perPage = MessageRows.MAX_PAGE_TEXT / 4000;

        MessagePage latest = page(author, longTexts, "");
        MessagePage latestFromTheDatabase = page(author, longTexts, "limit=500");
        MessagePage first = page(author, longTexts, "after_id=0&limit=500");
        MessagePage rest =
                page(author, longTexts, "after_id=" + first.messages().getLast().id() + "&limit=500");

        assertThat(latest.messages()).containsExactlyElementsOf(posted.subList(10 - perPage, 10));
        assertThat(latest.hasMore()).isTrue();
        assertThat(latestFromTheDatabase).isEqualTo(latest);
        assertThat(first.messages()).containsExactlyElementsOf(posted.subList(0, perPage));
        assertThat(first.hasMore()).isTrue();
        assertThat(rest.messages()).containsExactlyElementsOf(posted.subList(perPage, 10));
        assertThat(rest.hasMore()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "limit=501,limit",
        "limit=0,limit",
        "limit=abc,limit",
        "after_id=-1,after_id",
        "after_id=abc,after_id",
        "before_id=-1,before_id",
        "before_id=1e3,before_id"
    })
    void badPagingIs422(String query, String field) {
        assertInvalid(
                api().get("/sessions/" + session.id() + "/messages?" + query)
                        .as(reader)
                        .send(),
                field);
    }

    @Test
    void thirtyTwoUsersPostingAtOnceAreAllStored() throws Exception {
        int users = 32;
        int perUser = 50;
        List<Account> accounts = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            accounts.add(newAccount());
            sessions.add(createSession(accounts.get(u), "busy " + u));
        }
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < users; u++) {
                Account author = accounts.get(u);
                long sessionId = sessions.get(u).id();
                writers.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < perUser; i++) {
                        statuses.add(api().post("/sessions/" + sessionId + "/messages")
                                .as(author)
                                .json(new NewMessage("message " + i))
                                .send()
                                .status());
                    }
                    return null;
                }));
            }
            start.countDown();
        }
        for (Future<?> writer : writers) {
            writer.get();
        }

        assertThat(statuses).hasSize(users * perUser).containsOnly(201);
        Set<Long> ids = new HashSet<>();
        for (int u = 0; u < users; u++) {
            MessagePage page = page(accounts.get(u), sessions.get(u).id(), "limit=500");
            assertThat(page.messages()).hasSize(perUser);
            assertThat(page.messages()).extracting(Message::id).isSorted();
            page.messages().forEach(m -> ids.add(m.id()));
        }
        assertThat(ids).hasSize(users * perUser);
    }

    private MessagePage page(String query) {
        return page(reader, session.id(), query);
    }

    private MessagePage page(Account account, long sessionId, String query) {
        Response response = api().get("/sessions/" + sessionId + "/messages" + (query.isEmpty() ? "" : "?" + query))
                .as(account)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(MessagePage.class);
    }
}
