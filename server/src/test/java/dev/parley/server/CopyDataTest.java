package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMember;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import dev.parley.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley server copy-data} moves an SQLite deployment, made through the API, onto PostgreSQL,
 * where a server then serves the same accounts, log-ins, sessions and messages; a target with data
 * is refused. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class CopyDataTest {

    @TempDir
    Path dataDir;

    private PostgresDatabases.Temporary target;

    @BeforeEach
    void createTarget() {
        target = PostgresDatabases.create();
    }

    @AfterEach
    void dropTarget() {
        target.close();
    }

    @Test
    void aCopiedDeploymentServesTheSameDataOnPostgres() {
        Account owner;
        Account member;
        Account loggedOut;
        Session kept;
        List<Message> messages;
        long deletedMessageId;
        try (TestServer sqlite = TestServer.start(dataDir, Map.of())) {
            ApiClient api = ApiClient.of(sqlite);
            owner = api.newAccount();
            member = api.newAccount();
            loggedOut = api.newAccount();
            kept = createSession(api, owner, "Kept");
            assertThat(api.post("/sessions/" + kept.id() + "/members")
                            .as(owner)
                            .json(new NewMember(member.email()))
                            .send()
                            .status())
                    .isEqualTo(201);
            Message first = post(api, owner, kept.id(), "first");
            Message second = post(api, member, kept.id(), "second");
            messages = List.of(first, second);
            // The newest message ever goes with its session: its id must never come back.
            Session doomed = createSession(api, owner, "Doomed");
            deletedMessageId =
                    post(api, owner, doomed.id(), "deleted with its session").id();
            assertThat(api.delete("/sessions/" + doomed.id()).as(owner).send().status())
                    .isEqualTo(204);
            assertThat(api.post("/logout").as(loggedOut).send().status()).isEqualTo(204);
        }

        Run copy = copyData(dataDir.resolve("parley.db"));
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("3 users").contains("1 sessions").contains("2 messages");

        try (TestServer postgres = TestServer.start(dataDir, Map.of("parley.database.url", target.url()))) {
            ApiClient api = ApiClient.of(postgres);
            // Tokens issued by the SQLite server stay valid (same signing key), a logged-out one does not.
            assertThat(api.get("/sessions")
                            .as(owner)
                            .send()
                            .as(SessionPage.class)
                            .sessions())
                    .extracting(Session::id)
                    .containsExactly(kept.id());
            assertThat(api.get("/sessions/" + kept.id() + "/messages")
                            .as(member)
                            .send()
                            .as(MessagePage.class)
                            .messages())
                    .isEqualTo(messages);
            assertThat(api.get("/users/me").as(loggedOut).send().status()).isEqualTo(401);
            assertThat(api.refreshGrant(owner.refreshToken()).status()).isEqualTo(200);
            api.logIn(member.email(), member.password());
            assertThat(post(api, member, kept.id(), "on PostgreSQL").id()).isGreaterThan(deletedMessageId);
            assertThat(createSession(api, member, "New").id()).isGreaterThan(kept.id() + 1);
            assertThat(api.newAccount().user().id())
                    .isGreaterThan(loggedOut.user().id());
        }
    }

    @Test
    void aTargetWithDataIsRefusedAndKeepsItsData() {
        try (TestServer sqlite = TestServer.start(dataDir, Map.of())) {
            ApiClient.of(sqlite).newAccount();
        }
        assertThat(copyData(dataDir.resolve("parley.db")).exitCode()).isZero();

        Run again = copyData(dataDir.resolve("parley.db"));

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines())
                .singleElement()
                .asString()
                .startsWith("parley server copy-data: ")
                .contains("already has users");
    }

    @Test
    void aMissingSourceFileIsOneLineAndExitCodeOne() {
        Run run = copyData(dataDir.resolve("nothing-here.db"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("parley server copy-data: no SQLite file at ");
    }

    private record Run(int exitCode, String out, String err) {}

    private Run copyData(Path from) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new ServerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("copy-data", "--from", from.toString(), "--to", target.url());
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Session createSession(ApiClient api, Account owner, String title) {
        ApiClient.Response created =
                api.post("/sessions").as(owner).json(new SessionTitle(title)).send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.as(Session.class);
    }

    private static Message post(ApiClient api, Account author, long sessionId, String text) {
        ApiClient.Response posted = api.post("/sessions/" + sessionId + "/messages")
                .as(author)
                .json(new NewMessage(text))
                .send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.as(Message.class);
    }
}
