package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST/GET /sessions} and {@code GET/PATCH/DELETE /sessions/{id}}; a session is seen by its owner only. */
abstract class SessionFlows extends FlowSuite {

    @Test
    void creatingASessionAnswers201WithTheSession() {
        Account owner = newAccount();

        Response response = api().post("/sessions")
                .as(owner)
                .json(new SessionTitle("Planning"))
                .send();

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).hasValue("no-store");
        JsonNode session = response.json();
        assertThat(fieldNames(session))
                .contains("id", "title", "user_id", "created_at")
                .doesNotContain("last_message_at");
        assertThat(session.path("id").isIntegralNumber()).isTrue();
        assertThat(session.path("title").asText()).isEqualTo("Planning");
        assertThat(session.path("user_id").asLong()).isEqualTo(owner.user().id());
        assertThat(session.path("created_at").asText()).matches(TIME);
    }

    @Test
    void aSessionCreatedWithoutABodyGetsTheDefaultTitle() {
        Account owner = newAccount();

        Response noBody = api().post("/sessions").as(owner).send();
        Response emptyObject = api().post("/sessions").as(owner).json(Map.of()).send();

        assertThat(noBody.status()).as(noBody.body()).isEqualTo(201);
        assertThat(noBody.as(Session.class).title()).isEqualTo("Untitled");
        assertThat(emptyObject.status()).as(emptyObject.body()).isEqualTo(201);
        assertThat(emptyObject.as(Session.class).title()).isEqualTo("Untitled");
    }

    @Test
    void aTitleOfTwoHundredCharactersIsTheLongestAccepted() {
        Account owner = newAccount();

        assertThat(createSession(owner, "t".repeat(200)).title()).hasSize(200);
        assertInvalid(
                api().post("/sessions")
                        .as(owner)
                        .json(new SessionTitle("t".repeat(201)))
                        .send(),
                "title");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "bell\u0007", "esc\u001b[31m", "line\nbreak"})
    void aBlankTitleOrOneWithControlCharactersIs422(String title) {
        Account owner = newAccount();

        assertInvalid(
                api().post("/sessions").as(owner).json(new SessionTitle(title)).send(), "title");
    }

    @Test
    void aTitleThatIsNotWellFormedUnicodeIs422() {
        Account owner = newAccount();

        Response response = api().post("/sessions")
                .as(owner)
                .body("application/json", "{\"title\":\"a\\udc00\"}")
                .send();

        assertInvalid(response, "title");
    }

    @Test
    void sessionsAreListedMostRecentActivityFirst() {
        Account owner = newAccount();
        Session first = createSession(owner, "first");
        Session second = createSession(owner, "second");
        Session third = createSession(owner, "third");
        assertThat(ids(list(owner, "").sessions())).containsExactly(third.id(), second.id(), first.id());

        // Activity is timed in milliseconds: post until the message is strictly newer than the newest session.
        Message latest;
        do {
            latest = postMessage(owner, first.id(), "bump");
        } while (!latest.createdAt().isAfter(third.createdAt()));

        SessionPage page = list(owner, "");
        assertThat(ids(page.sessions())).containsExactly(first.id(), third.id(), second.id());
        assertThat(page.sessions().getFirst().lastMessageAt()).isEqualTo(latest.createdAt());
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void theCursorPagesThroughEverySessionOnceInOrder() {
        Account owner = newAccount();
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(createSession(owner, "session " + i).id());
        }

        List<Session> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = list(owner, "limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.sessions());
            pageSizes.add(page.sessions().size());
            cursor = page.nextCursor();
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(ids(seen)).doesNotHaveDuplicates().containsExactlyElementsOf(created.reversed());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "limit=0,limit",
        "limit=101,limit",
        "limit=abc,limit",
        "limit=-1,limit",
        "cursor=garbage,cursor",
        "cursor=,cursor"
    })
    void badPagingIs422(String query, String field) {
        Account owner = newAccount();

        assertInvalid(api().get("/sessions?" + query).as(owner).send(), field);
    }

    @Test
    void theOwnerGetsTheSession() {
        Account owner = newAccount();
        Session session = createSession(owner, "mine");

        Response response = api().get("/sessions/" + session.id()).as(owner).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.as(Session.class)).isEqualTo(session);
    }

    @Test
    void renamingASessionChangesItsTitle() {
        Account owner = newAccount();
        Session session = createSession(owner, "old");

        Response response = api().patch("/sessions/" + session.id())
                .as(owner)
                .json(new SessionTitle("new"))
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.as(Session.class).title()).isEqualTo("new");
        assertThat(api().get("/sessions/" + session.id())
                        .as(owner)
                        .send()
                        .as(Session.class)
                        .title())
                .isEqualTo("new");
    }

    @Test
    void renamingToAnInvalidOrMissingTitleIs422() {
        Account owner = newAccount();
        Session session = createSession(owner, "kept");
        String path = "/sessions/" + session.id();

        assertInvalid(api().patch(path).as(owner).json(new SessionTitle("  ")).send(), "title");
        assertInvalid(
                api().patch(path)
                        .as(owner)
                        .json(new SessionTitle("x".repeat(201)))
                        .send(),
                "title");
        assertInvalid(api().patch(path).as(owner).json(Map.of()).send(), "title");
        assertThat(api().get(path).as(owner).send().as(Session.class).title()).isEqualTo("kept");
    }

    @Test
    void deletingASessionDeletesItsMessages() {
        Account owner = newAccount();
        Session session = createSession(owner, "doomed");
        postMessage(owner, session.id(), "soon gone");

        Response response = api().delete("/sessions/" + session.id()).as(owner).send();

        assertThat(response.status()).isEqualTo(204);
        assertProblem(api().get("/sessions/" + session.id()).as(owner).send(), 404);
        assertProblem(
                api().get("/sessions/" + session.id() + "/messages").as(owner).send(), 404);
        assertProblem(api().delete("/sessions/" + session.id()).as(owner).send(), 404);
        assertThat(ids(list(owner, "").sessions())).doesNotContain(session.id());
    }

    @Test
    void aDeletedSessionsHistoryIsGoneEvenRightAfterItWasRead() {
        Account owner = newAccount();
        Session session = createSession(owner, "read, then deleted");
        postMessage(owner, session.id(), "cached soon");
        String history = "/sessions/" + session.id() + "/messages";
        assertThat(api().get(history).as(owner).send().status()).isEqualTo(200);
        assertThat(api().get(history + "?limit=10").as(owner).send().status()).isEqualTo(200);

        api().delete("/sessions/" + session.id()).as(owner).send();

        assertProblem(api().get(history).as(owner).send(), 404);
        assertProblem(api().get(history + "?limit=10").as(owner).send(), 404);
    }

    @Test
    void anotherUsersRecentlyReadHistoryIsNotFound() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "private");
        postMessage(owner, session.id(), "for my eyes");
        String history = "/sessions/" + session.id() + "/messages";
        assertThat(api().get(history).as(owner).send().status()).isEqualTo(200);

        assertProblem(api().get(history).as(stranger).send(), 404);
        assertProblem(api().get(history + "?limit=5").as(stranger).send(), 404);
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        Account owner = newAccount();
        Account stranger = newAccount();
        Session session = createSession(owner, "private");
        String path = "/sessions/" + session.id();

        assertProblem(api().get(path).as(stranger).send(), 404);
        assertProblem(
                api().patch(path)
                        .as(stranger)
                        .json(new SessionTitle("hijacked"))
                        .send(),
                404);
        assertProblem(api().delete(path).as(stranger).send(), 404);
        assertThat(list(stranger, "").sessions()).isEmpty();

        assertThat(api().get(path).as(owner).send().as(Session.class)).isEqualTo(session);
    }

    @ParameterizedTest(name = "/sessions/{0}")
    @ValueSource(strings = {"abc", "99999999999999999999", "0", "-1", "1.5", "9223372036854775807"})
    void anIdThatNamesNoSessionIsNotFound(String id) {
        Account owner = newAccount();
        String path = "/sessions/" + id;

        assertProblem(api().get(path).as(owner).send(), 404);
        assertProblem(api().patch(path).as(owner).json(new SessionTitle("t")).send(), 404);
        assertProblem(api().delete(path).as(owner).send(), 404);
    }

    private SessionPage list(Account owner, String query) {
        Response response = api().get("/sessions" + (query.isEmpty() ? "" : "?" + query))
                .as(owner)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(SessionPage.class);
    }

    private static List<Long> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }
}
