package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Message;
import dev.parley.api.NewMessage;
import dev.parley.api.SearchPage;
import dev.parley.api.SearchResult;
import dev.parley.api.SearchResult.Highlight;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /search}: words, phrases and {@code from:} in the sessions the caller is a member of now,
 * newest first in cursor pages, with marked snippets; the index follows edited and emptied texts in
 * the database itself. Hostile queries are in {@link SearchQueryFlows}.
 */
abstract class SearchFlows extends FlowSuite {

    @Test
    void everyWordMustMatchInAnyOrderAndCase() {
        Account owner = newAccount();
        long session = createSession(owner, "animals").id();
        Message fox = postMessage(owner, session, "The quick brown fox");
        postMessage(owner, session, "The lazy dog");
        Message both = postMessage(owner, session, "Dog days are QUICK");

        assertThat(ids(search(owner, "quick dog"))).containsExactly(both.id());
        assertThat(ids(search(owner, "QUICK"))).containsExactly(both.id(), fox.id());
        assertThat(ids(search(owner, "quick cat"))).isEmpty();
    }

    @Test
    void aPlusInTheQueryIsASpaceAsFormsEncodeIt() {
        Account owner = newAccount();
        Message both = postMessage(owner, createSession(owner, "forms").id(), "quick dog, quick fox");

        assertThat(ids(api().get("/search?q=quick+fox").as(owner).send())).containsExactly(both.id());
        assertThat(ids(api().get("/search?q=%22dog%2C+quick%22").as(owner).send()))
                .containsExactly(both.id());
    }

    @Test
    void aPhraseMatchesItsWordsInTheirOrderOnly() {
        Account owner = newAccount();
        long session = createSession(owner, "phrases").id();
        Message inOrder = postMessage(owner, session, "the brown fox jumps");
        postMessage(owner, session, "a fox, brown as ever");
        postMessage(owner, session, "brown bread and a fox");

        assertThat(ids(search(owner, "\"brown fox\""))).containsExactly(inOrder.id());
        assertThat(ids(search(owner, "\"Brown  FOX\" jumps"))).containsExactly(inOrder.id());
        assertThat(ids(search(owner, "\"fox brown\""))).hasSize(1);
    }

    @Test
    void fromNamesTheAuthorByEmailIgnoringCase() {
        Account owner = newAccount();
        Account member = newAccount();
        long session = createSession(owner, "authors").id();
        addMember(owner, session, member);
        Message mine = postMessage(owner, session, "meeting at noon");
        Message theirs = postMessage(member, session, "meeting moved");

        assertThat(ids(search(owner, "meeting from:" + member.email().toUpperCase())))
                .containsExactly(theirs.id());
        assertThat(ids(search(member, "FROM:" + owner.email() + " meeting"))).containsExactly(mine.id());
        assertThat(ids(search(owner, "meeting from:" + owner.email() + " from:" + member.email())))
                .containsExactly(theirs.id(), mine.id());
        assertThat(ids(search(owner, "meeting from:nobody@example.com"))).isEmpty();
    }

    @Test
    void aResultIsTheMessageAsHistoryShowsItWithItsSessionAndAMarkedSnippet() {
        Account owner = newAccount();
        Session session = createSession(owner, "Trip to Lisbon");
        Message posted = postMessage(owner, session.id(), "Flights are booked. Who brings the guidebook?");

        Response response = search(owner, "guidebook");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(fieldNames(body)).containsExactly("results");
        JsonNode result = body.path("results").path(0);
        assertThat(fieldNames(result))
                .containsExactly("message", "session_id", "session_title", "snippet", "highlights");
        assertThat(fieldNames(result.path("highlights").path(0))).containsExactly("start", "end");
        String history = api().get("/sessions/" + session.id() + "/messages")
                .as(owner)
                .send()
                .json()
                .path("messages")
                .path(0)
                .toString();
        assertThat(result.path("message").toString()).isEqualTo(history);

        SearchResult found = response.as(SearchPage.class).results().getFirst();
        assertThat(found.message()).isEqualTo(posted);
        assertThat(found.sessionId()).isEqualTo(session.id());
        assertThat(found.sessionTitle()).isEqualTo("Trip to Lisbon");
        assertThat(found.snippet()).isEqualTo(posted.text());
        assertThat(marked(found)).containsExactly("guidebook");
    }

    @Test
    void aSnippetOfALongTextIsAnExcerptAroundTheMatchesWithEllipses() {
        Account owner = newAccount();
        long session = createSession(owner, "long").id();
        String text = "word ".repeat(100) + "Ünïcödé needle 😀 " + "filler ".repeat(100) + "needle and the end";
        postMessage(owner, session, text);

        SearchResult found =
                search(owner, "needle ünïcödé").as(SearchPage.class).results().getFirst();

        assertThat(found.snippet()).startsWith("…").endsWith("…").contains("Ünïcödé needle");
        assertThat(found.snippet().length()).isLessThan(text.length() / 4);
        assertThat(marked(found)).contains("Ünïcödé", "needle").allMatch(Set.of("Ünïcödé", "needle")::contains);
        for (int i = 1; i < found.highlights().size(); i++) {
            assertThat(found.highlights().get(i).start())
                    .isGreaterThanOrEqualTo(found.highlights().get(i - 1).end());
        }
    }

    @Test
    void aStrangerFindsNothingInSessionsOfOthers() {
        Account owner = newAccount();
        Account stranger = newAccount();
        long session = createSession(owner, "private").id();
        postMessage(owner, session, "the secret plan");

        assertThat(ids(search(owner, "secret plan"))).hasSize(1);
        assertThat(ids(search(stranger, "secret plan"))).isEmpty();
    }

    @Test
    void aMemberWhoLeavesOrIsRemovedStopsFindingTheSessionsMessages() {
        Account owner = newAccount();
        Account leaver = newAccount();
        Account removed = newAccount();
        long session = createSession(owner, "crew").id();
        addMember(owner, session, leaver);
        addMember(owner, session, removed);
        postMessage(owner, session, "shared harbour notes");
        assertThat(ids(search(leaver, "harbour"))).hasSize(1);
        assertThat(ids(search(removed, "harbour"))).hasSize(1);

        assertThat(api().delete("/sessions/" + session + "/members/"
                                + leaver.user().id())
                        .as(leaver)
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(api().delete("/sessions/" + session + "/members/"
                                + removed.user().id())
                        .as(owner)
                        .send()
                        .status())
                .isEqualTo(204);

        assertThat(ids(search(leaver, "harbour"))).isEmpty();
        assertThat(ids(search(removed, "harbour"))).isEmpty();
        assertThat(ids(search(owner, "harbour"))).hasSize(1);
    }

    @Test
    void sessionIdKeepsToOneSessionOfTheCallersAndAnyOtherIs404() {
        Account owner = newAccount();
        Account stranger = newAccount();
        long first = createSession(owner, "first").id();
        long second = createSession(owner, "second").id();
        Message inFirst = postMessage(owner, first, "ferry times");
        Message inSecond = postMessage(owner, second, "ferry tickets");
        long strangers = createSession(stranger, "theirs").id();

        assertThat(ids(search(owner, "ferry"))).containsExactly(inSecond.id(), inFirst.id());
        assertThat(ids(search(owner, "ferry", "&session_id=" + first))).containsExactly(inFirst.id());
        assertProblem(search(owner, "ferry", "&session_id=" + strangers), 404);
        assertProblem(search(stranger, "ferry", "&session_id=" + first), 404);
        assertProblem(search(owner, "ferry", "&session_id=" + (strangers + 1_000_000)), 404);
    }

    @Test
    void pagesFollowTheCursorNewestFirstWithoutGapOrRepeat() {
        Account owner = newAccount();
        long session = createSession(owner, "pages").id();
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(postMessage(owner, session, "page item " + i).id());
            postMessage(owner, session, "something else " + i);
        }

        List<Long> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = "";
        SearchPage page;
        do {
            page = search(owner, "item", "&limit=3" + cursor).as(SearchPage.class);
            seen.addAll(page.results().stream().map(r -> r.message().id()).toList());
            sizes.add(page.results().size());
            cursor = page.nextCursor() == null ? "" : "&cursor=" + page.nextCursor();
        } while (page.nextCursor() != null);

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(posted.reversed());
        assertThat(ids(search(owner, "item"))).containsExactlyElementsOf(posted.reversed());
    }

    @Test
    void anEditedTextIsFoundByItsNewWordsOnly() {
        try (TestServer server = servers().start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            long session =
                    api.post("/sessions").as(owner).send().as(Session.class).id();
            long id = post(api, owner, session, "the original wording").id();

            // What an edit does to the row (the edit route writes the same UPDATE).
            server.updateWhileStopped("UPDATE messages SET text = ? WHERE id = ?", "the corrected phrasing", id);

            assertThat(ids(search(api, owner, "wording"))).isEmpty();
            assertThat(ids(search(api, owner, "original"))).isEmpty();
            List<SearchResult> found =
                    search(api, owner, "corrected").as(SearchPage.class).results();
            assertThat(found).extracting(r -> r.message().text()).containsExactly("the corrected phrasing");
            assertThat(ids(search(api, owner, "\"the corrected\""))).containsExactly(id);
        }
    }

    @Test
    void aDeletedMessageIsNotFound() {
        try (TestServer server = servers().start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            long session =
                    api.post("/sessions").as(owner).send().as(Session.class).id();
            long deleted = post(api, owner, session, "regrettable remark").id();
            long kept = post(api, owner, session, "a kind remark").id();

            // A deleted message keeps its row, with an empty text.
            server.updateWhileStopped("UPDATE messages SET text = '' WHERE id = ?", deleted);

            assertThat(ids(search(api, owner, "remark"))).containsExactly(kept);
            assertThat(ids(search(api, owner, "regrettable"))).isEmpty();
        }
    }

    private static Message post(ApiClient api, Account author, long session, String text) {
        return api.post("/sessions/" + session + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send()
                .as(Message.class);
    }

    private static Response search(ApiClient api, Account caller, String query) {
        return api.get("/search?q=" + encode(query)).as(caller).send();
    }

    private Response search(Account caller, String query) {
        return search(caller, query, "");
    }

    private Response search(Account caller, String query, String more) {
        return api().get("/search?q=" + encode(query) + more).as(caller).send();
    }

    /** {@code text} percent-encoded for a query string, a space as %20. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<Long> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        SearchPage page = response.as(SearchPage.class);
        assertThat(page.nextCursor()).isNull();
        return page.results().stream().map(r -> r.message().id()).toList();
    }

    private static List<String> marked(SearchResult result) {
        return result.highlights().stream()
                .map((Highlight h) -> result.snippet().substring(h.start(), h.end()))
                .collect(Collectors.toList());
    }
}
