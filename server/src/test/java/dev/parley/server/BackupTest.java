package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.TokenResponse;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley server backup} copies a running server's SQLite database while clients post, and a
 * server started on the copy has every message acknowledged before the backup began.
 */
class BackupTest {

    private static final int CLIENTS = 16;
    /** Bounds each client's loop; the clients stop long before it once the backup is done. */
    private static final int MAX_POSTS_PER_CLIENT = 5_000;

    private static final Map<String, String> UNLIMITED_POSTING = Map.of(
            "parley.limits.messages.burst",
            TestServer.UNLIMITED,
            "parley.limits.messages.refill",
            TestServer.UNLIMITED);

    @TempDir
    Path dir;

    /** A message as its poster saw it acknowledged, and when. */
    private record Acknowledged(long id, long atNanos) {}

    private record Poster(Account account, Session session, Queue<Acknowledged> acknowledged) {}

    @Test
    void aBackupTakenWhileSixteenClientsPostRestoresEveryMessageAcknowledgedBeforeIt() throws Exception {
        Path dataDir = dir.resolve("data");
        Path backup = dir.resolve("parley-backup.db");
        List<Poster> posters = new ArrayList<>();
        long backupBegan;
        try (TestServer server = TestServer.start(dataDir, UNLIMITED_POSTING);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            ApiClient api = ApiClient.of(server);
            for (int i = 0; i < CLIENTS; i++) {
                Account account = api.newAccount();
                Session session = api.post("/sessions")
                        .as(account)
                        .json(new SessionTitle("Backup " + i))
                        .send()
                        .as(Session.class);
                posters.add(new Poster(account, session, new ConcurrentLinkedQueue<>()));
            }
            AtomicBoolean stop = new AtomicBoolean();
            // The backup starts once every client is posting and some hundreds of messages are stored.
            CountDownLatch underWay = new CountDownLatch(CLIENTS * 20);
            List<Future<?>> posting = new ArrayList<>();
            for (Poster poster : posters) {
                posting.add(clients.submit(() -> {
                    for (int n = 0; n < MAX_POSTS_PER_CLIENT && !stop.get(); n++) {
                        ApiClient.Response posted = api.post(
                                        "/sessions/" + poster.session().id() + "/messages")
                                .as(poster.account())
                                .json(new NewMessage("message " + n))
                                .send();
                        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
                        poster.acknowledged()
                                .add(new Acknowledged(posted.as(Message.class).id(), System.nanoTime()));
                        underWay.countDown();
                    }
                    return null;
                }));
            }
            assertThat(underWay.await(2, TimeUnit.MINUTES))
                    .as("the clients posted")
                    .isTrue();

            backupBegan = System.nanoTime();
            Run run = backup("--data-dir", dataDir.toString(), backup.toString());
            stop.set(true);
            for (Future<?> client : posting) {
                client.get();
            }

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("backed up " + dataDir.resolve("parley.db") + " into " + backup + "\n");
        }

        Path restored = dir.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(backup, restored.resolve("parley.db"));
        try (TestServer server = TestServer.start(restored, Map.of())) {
            ApiClient api = ApiClient.of(server);
            for (Poster poster : posters) {
                Set<Long> before = new HashSet<>();
                for (Acknowledged message : poster.acknowledged()) {
                    if (message.atNanos() < backupBegan) {
                        before.add(message.id());
                    }
                }
                assertThat(before).isNotEmpty();
                // The restored server has the accounts: a log-in works there as it did before.
                TokenResponse tokens =
                        api.logIn(poster.account().email(), poster.account().password());
                assertThat(storedIds(api, tokens, poster.session().id())).containsAll(before);
            }
        }
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path dataDir = dir.resolve("data");
        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            ApiClient.of(server).newAccount();
        }
        Path existing = Files.writeString(dir.resolve("keep.db"), "someone's file");

        Run run = backup("--data-dir", dataDir.toString(), existing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("parley server backup: " + existing + " exists already; name a new file\n");
        assertThat(Files.readString(existing)).isEqualTo("someone's file");
    }

    @Test
    void aMissingDatabaseWritesNothing() {
        Path target = dir.resolve("backup.db");

        Run run = backup("--data-dir", dir.resolve("nothing-here").toString(), target.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("parley server backup: no SQLite database at ");
        assertThat(target).doesNotExist();
    }

    @Test
    void onPostgresqlItSaysToUsePgDump() throws IOException {
        Path config = Files.writeString(
                dir.resolve("parley.yaml"), "parley:\n  database:\n    url: jdbc:postgresql://127.0.0.1:5432/parley\n");
        Path target = dir.resolve("backup.db");

        Run run = backup("--config", config.toString(), "--data-dir", dir.toString(), target.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("parley server backup: the server's database is PostgreSQL: back it up" + " with pg_dump");
        assertThat(target).doesNotExist();
    }

    private static Set<Long> storedIds(ApiClient api, TokenResponse tokens, long sessionId) {
        Set<Long> ids = new HashSet<>();
        long after = 0;
        MessagePage page;
        do {
            ApiClient.Response response = api.get("/sessions/" + sessionId + "/messages?limit=500&after_id=" + after)
                    .bearer(tokens.accessToken())
                    .send();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            page = response.as(MessagePage.class);
            for (Message message : page.messages()) {
                ids.add(message.id());
                after = Math.max(after, message.id());
            }
        } while (page.hasMore());
        return ids;
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run backup(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "backup";
        System.arraycopy(args, 0, command, 1, args.length);
        int exitCode = new CommandLine(new ServerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(command);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
