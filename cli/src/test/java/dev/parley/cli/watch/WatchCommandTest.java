package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.RunningCommand;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.PendingSend;
import dev.parley.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** parley watch against the real server: live messages, JSON lines, resuming, --exec, and how it ends. */
class WatchCommandTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] ";

    @TempDir
    Path otherHome;

    private final List<RunningCommand> running = new ArrayList<>();
    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Live").id();
    }

    @AfterEach
    void stopWatches() {
        running.forEach(RunningCommand::stopIfRunning);
    }

    @Test
    void aMessagePostedWhileWatchingIsPrintedLikeHistory() {
        RunningCommand watch = watch(cli, id());

        post("hello live");
        post("two\nlines");

        assertThat(watch.out().assertLine()).matches(TIME + email + ": hello live");
        assertThat(watch.out().assertLine()).matches(TIME + email + ": two");
        assertThat(watch.out().assertLine()).isEqualTo("    lines");
        Result ended = watch.interrupt();
        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        watch.out().assertNoLine();
    }

    @Test
    void whatWasPostedBeforeTheWatchIsNotPrinted() {
        post("old news");

        RunningCommand watch = watch(cli, id());
        post("fresh");

        assertThat(watch.out().assertLine()).endsWith(": fresh");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void allStartsAfterTheNewestMessageOfEverySession() {
        long older = client().createSession("Older").id();
        post(client(), older, "old in another session");
        post("old news");

        RunningCommand watch = watch(cli, "--all");
        post(client(), older, "fresh");

        assertThat(watch.out().assertLine()).endsWith(": fresh");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void jsonLinesParseBackToTheMessagesPosted() {
        RunningCommand watch = watch(cli, id(), "--json");

        Message first = post("one");
        Message second = post("two");

        assertThat(parse(watch.out().assertLine(), Message.class)).isEqualTo(first);
        assertThat(parse(watch.out().assertLine(), Message.class)).isEqualTo(second);
        watch.interrupt();
    }

    @Test
    void sinceReplaysWhatCameAfterThatMessageFirst() {
        Message first = post("m1");
        post("m2");
        post("m3");

        RunningCommand watch = watch(cli, id(), "--since", Long.toString(first.id()), "--json");
        post("m4");

        assertThat(texts(watch, 3)).containsExactly("m2", "m3", "m4");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void allFollowsEverySessionIncludingOnesJoinedWhileWatching() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        long bobs = bob.apiClient(server.baseUri()).createSession("Bob's").id();
        RunningCommand watch = watch(cli, "--all");

        post("in mine");
        bob.apiClient(server.baseUri()).addMember(bobs, email);
        post(bob.apiClient(server.baseUri()), bobs, "in bob's");

        assertThat(watch.out().assertLine()).matches("#" + session + " " + TIME + email + ": in mine");
        assertThat(watch.out().assertLine()).matches("#" + bobs + " " + TIME + bobEmail + ": in bob's");
        watch.interrupt();
    }

    @Test
    void execRunsTheCommandWithEachMessagesJsonOnItsInputAndGoesOnWhenItFails() throws IOException {
        Path received = home.resolve("received.jsonl");
        RunningCommand watch = watch(
                cli, id(), "--exec", "cat >> '" + received + "' && grep -q fine '" + received + "' && echo handled");

        Message failing = post("the first run fails");
        post("then all is fine");

        assertThat(watch.out().assertLine()).endsWith(": the first run fails");
        assertThat(watch.out().assertLine()).endsWith(": then all is fine");
        // What the command prints comes out where the watch prints.
        assertThat(watch.out().assertLine()).isEqualTo("handled");
        assertThat(watch.err().assertLine()).startsWith("Watching session " + session);
        assertThat(watch.err().assertLine())
                .startsWith("parley: --exec '")
                .endsWith("' failed for message " + failing.id() + ": exit code 1; watching on");
        Result ended = watch.interrupt();
        assertThat(ended.exitCode()).isZero();
        List<Message> fed = new ArrayList<>();
        for (String line : Files.readAllLines(received)) {
            fed.add(parse(line, Message.class));
        }
        assertThat(fed).extracting(Message::text).containsExactly("the first run fails", "then all is fine");
        watch.err().assertNoLine();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aHookThatOutlastsItsTimeoutIsKilledWithWhatItStartedAndTheWatchGoesOn() throws Exception {
        Path started = home.resolve("started");
        RunningCommand watch = watch(
                cli,
                id(),
                "--exec-timeout",
                "1",
                "--exec",
                "if grep -q hang; then sleep 600 & echo $! > '" + started + "'; wait; fi");

        Message hanging = post("hang");
        post("then a quick one");

        assertThat(watch.out().assertLine()).endsWith(": hang");
        assertThat(watch.err().assertLine()).startsWith("Watching session ");
        assertThat(watch.err().assertLine())
                .startsWith("parley: --exec '")
                .endsWith("' for message " + hanging.id() + " ran longer than 1 s (--exec-timeout):"
                        + " killed it and its process group; watching on");
        assertThat(watch.out().assertLine()).endsWith(": then a quick one");
        assertThat(ends(awaitPid(started)))
                .as("the hook's background sleep ends")
                .isTrue();
        Result ended = watch.interrupt();
        assertThat(ended.exitCode()).isZero();
        watch.err().assertNoLine();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aHookStillRunningWhenTheWatchEndsIsKilledAndSaidSo() throws Exception {
        Path started = home.resolve("started");
        RunningCommand watch = watch(cli, id(), "--exec", "sleep 600 & echo $! > '" + started + "'; wait");

        Message message = post("start the hook");
        assertThat(watch.out().assertLine()).endsWith(": start the hook");
        long sleep = awaitPid(started);
        Result ended = watch.interrupt();

        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        assertThat(ended.err())
                .contains("parley: --exec '")
                .contains("' for message " + message.id()
                        + " was still running when the watch ended: killed it and its process group\n");
        assertThat(ends(sleep)).as("the hook's background sleep ends").isTrue();
    }

    @Test
    void anExecTimeoutOutOfRangeIsAUsageError() {
        Result result = cli.run("watch", id(), "--exec", "true", "--exec-timeout", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--exec-timeout must be 1 to 86400 seconds, not 0");
    }

    /** The pid of the background process a hook started, once the hook has written it. */
    private static long awaitPid(Path pidFile) throws Exception {
        for (int i = 0;
                i < 300 && (!Files.exists(pidFile) || Files.readString(pidFile).isBlank());
                i++) {
            Thread.sleep(100);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /**
     * Whether process {@code pid} ends within ten seconds (a killed process ends as soon as the
     * kernel gets to it). A zombie has ended: its parent was killed, and who adopts it may be slow
     * to reap it.
     */
    private static boolean ends(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 100; i++) {
            if (!Files.exists(stat)) {
                return true;
            }
            String line;
            try {
                line = Files.readString(stat);
            } catch (IOException e) {
                return true; // gone between the two looks
            }
            char state = line.charAt(line.lastIndexOf(')') + 2);
            if (state == 'Z' || state == 'X') {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void leavingTheSessionEndsTheWatchWithExitCodeFour() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        String bobEmail = bob.newLogin(PASSWORD);
        client().addMember(session, bobEmail);
        RunningCommand watch = watch(bob, id());

        Result left = bob.run("sessions", "leave", id());
        Result ended = watch.awaitExit();

        assertThat(left.exitCode()).as(left.toString()).isZero();
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(4);
        assertThat(ended.err()
                        .lines()
                        .filter(line -> line.startsWith("parley: "))
                        .toList())
                .singleElement()
                .asString()
                .isEqualTo("parley: the watch of session " + session
                        + " ended: you left or were removed from the session");
    }

    @Test
    void aDeletedSessionEndsTheWatchWithExitCodeFour() {
        RunningCommand watch = watch(cli, id());

        client().deleteSession(session);
        Result ended = watch.awaitExit();

        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(4);
        assertThat(ended.err())
                .contains("parley: the watch of session " + session + " ended: the session was deleted\n");
    }

    @Test
    void loggingOutEndsTheWatchWithExitCodeThreeSayingWhy() {
        RunningCommand watch = watch(cli, id());

        Result loggedOut = cli.run("logout");
        Result ended = watch.awaitExit();

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(3);
        assertThat(ended.err()
                        .lines()
                        .filter(line -> line.startsWith("parley: "))
                        .toList())
                .singleElement()
                .asString()
                .startsWith("parley: not logged in to ")
                .contains("(this login was logged out)");
    }

    /**
     * Access tokens living two seconds: the server ends the stream each time the watch's expires
     * (token_expired), and the watch renews it and resumes at once from its last message. Messages
     * are posted all the while, by another user; every one is printed, once, in order, and nothing
     * is said about the reconnections.
     */
    @Test
    void theWatchOutlivesItsAccessTokensWithNothingMissedAndNothingSaid(@TempDir Path dataDir) {
        // Bob posts as fast as he can until the watch has renewed twice, which takes each token's two
        // seconds plus the server's allowance for clock skew: 800 posts here, more on a slower day.
        // Any per-user limit would end the test with a 429 on some day; the limit is not its subject.
        Map<String, String> settings = Map.of(
                "parley.auth.access-token-ttl",
                "PT2S",
                "parley.limits.messages.burst",
                TestServer.UNLIMITED,
                "parley.limits.messages.refill",
                TestServer.UNLIMITED);
        try (TestServer shortLived = TestServer.start(dataDir, settings)) {
            Cli alice = Cli.in(home.resolve("alice"), shortLived.baseUri().toString());
            alice.newLogin(PASSWORD);
            Cli bob = Cli.in(otherHome, shortLived.baseUri().toString());
            String bobEmail = bob.newLogin(PASSWORD);
            String id = Long.toString(alice.apiClient(shortLived.baseUri())
                    .createSession("Short tokens")
                    .id());
            assertThat(alice.run("sessions", "invite", id, bobEmail).exitCode()).isZero();
            RunningCommand watch = watch(alice, id, "--json");
            assertThat(watch.err().assertLine()).startsWith("Watching session " + id);
            String token = alice.storedLogin(shortLived.baseUri()).accessToken();

            int renewals = 0;
            int sinceRenewal = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int i = 0; renewals < 2 || sinceRenewal < 5; i++) {
                assertThat(System.nanoTime()).as("two renewals within 90 s").isLessThan(deadline);
                String text = "message " + i;
                Result sent = bob.run("send", id, text);
                assertThat(sent.exitCode()).as(sent.toString()).isZero();
                // The next line, every time: none missed, none twice, in order.
                assertThat(parse(watch.out().assertLine(), Message.class).text())
                        .isEqualTo(text);
                // The watch makes a request only to (re)connect: a token it renewed is a stream resumed.
                String now = alice.storedLogin(shortLived.baseUri()).accessToken();
                sinceRenewal++;
                if (!now.equals(token)) {
                    renewals++;
                    sinceRenewal = 0;
                    token = now;
                }
            }

            Result ended = watch.interrupt();
            assertThat(ended.exitCode()).as(ended.toString()).isZero();
            watch.out().assertNoLine();
            watch.err().assertNoLine();
        }
    }

    @Test
    void anotherUsersSessionIsNotFoundAtOnce() {
        Cli bob = Cli.in(otherHome, server.baseUri().toString());
        bob.newLogin(PASSWORD);

        Result watched = bob.run("watch", id());

        assertThat(watched.exitCode()).isEqualTo(4);
        assertThat(watched.err()).startsWith("parley: Not Found").hasLineCount(1);
    }

    @Test
    void aRejectedTokenExitsWithThree() {
        Result watched = cli.with("PARLEY_TOKEN", "not-a-token").run("watch", id());

        assertThat(watched.exitCode()).isEqualTo(3);
        assertThat(watched.err()).startsWith("parley: not logged in").hasLineCount(1);
    }

    @Test
    void aSessionOrAllIsRequiredButNotBoth() {
        Result neither = cli.run("watch");
        Result both = cli.run("watch", id(), "--all");

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(neither.err()).hasLineCount(1);
    }

    @Test
    void theWatchResumesAfterAServerRestartWithNothingLostOrRepeated(@TempDir Path dataDir) {
        try (TestServer restarting = TestServer.start(dataDir, Map.of("server.port", Integer.toString(closedPort())))) {
            Cli alice = Cli.in(home.resolve("restarting"), restarting.baseUri().toString());
            alice.newLogin(PASSWORD);
            ParleyClient api = alice.apiClient(restarting.baseUri());
            long id = api.createSession("Through a restart").id();
            RunningCommand watch = watch(alice, Long.toString(id), "--json");
            post(api, id, "before");
            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("before");

            restarting.restart();
            // Posted while the watch is away (it waits at least half a second before reconnecting).
            post(api, id, "during");
            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("during");
            post(api, id, "after");

            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("after");
            Result ended = watch.interrupt();
            assertThat(ended.exitCode()).as(ended.toString()).isZero();
            watch.out().assertNoLine();
        }
    }

    @Test
    void messagesWaitingInTheOutboxAreSentOldestFirstWhenTheWatchConnects() {
        Instant now = Instant.now();
        String url = server.baseUri().toString();
        Outbox outbox = new Outbox(home.resolve("config/parley/outbox"));
        outbox.add(new PendingSend(
                url, email, session, "queued second", UUID.randomUUID().toString(), now));
        outbox.add(new PendingSend(
                url, email, session, "queued first", UUID.randomUUID().toString(), now.minusSeconds(5)));

        RunningCommand watch = watch(cli, id());

        assertThat(watch.out().assertLine()).endsWith(": queued first");
        assertThat(watch.out().assertLine()).endsWith(": queued second");
        watch.err().awaitText("sent from the outbox: Sent message ");
        assertThat(outbox.list()).isEmpty();
        assertThat(client().messages(session, null, null, null).messages())
                .extracting(Message::text)
                .containsExactly("queued first", "queued second");
    }

    @Test
    void aMessageKeptWhileTheServerWasDownIsSentWhenTheWatchReconnects(@TempDir Path dataDir) {
        int port = closedPort();
        Map<String, String> settings = Map.of("server.port", Integer.toString(port));
        Cli alice = Cli.in(home.resolve("reconnecting"), "http://127.0.0.1:" + port);
        long id;
        RunningCommand watch;
        try (TestServer first = TestServer.start(dataDir, settings)) {
            alice.newLogin(PASSWORD);
            id = alice.apiClient(first.baseUri())
                    .createSession("Queued meanwhile")
                    .id();
            watch = watch(alice, Long.toString(id), "--json");
        }
        Result kept = alice.run("send", Long.toString(id), "written while it was down");
        assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(5);

        try (TestServer again = TestServer.start(dataDir, settings)) {
            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("written while it was down");
            assertThat(alice.run("outbox").out()).isEmpty();
            assertThat(alice.apiClient(again.baseUri())
                            .messages(id, null, null, null)
                            .messages())
                    .extracting(Message::text)
                    .containsExactly("written while it was down");
            watch.interrupt();
            watch.out().assertNoLine();
        }
    }

    private RunningCommand watch(Cli as, String... args) {
        List<String> arguments = new ArrayList<>(List.of("watch"));
        arguments.addAll(List.of(args));
        RunningCommand watch = as.start(new ByteArrayInputStream(new byte[0]), arguments.toArray(String[]::new));
        running.add(watch);
        // Announced once the stream is open: from here on, nothing posted can be missed.
        watch.err().awaitText("Watching ");
        return watch;
    }

    private Message post(String text) {
        return post(client(), session, text);
    }

    private static Message post(ParleyClient client, long session, String text) {
        return client.postMessage(session, text, UUID.randomUUID().toString());
    }

    private static List<String> texts(RunningCommand watch, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(parse(watch.out().assertLine(), Message.class).text());
        }
        return texts;
    }

    private String id() {
        return Long.toString(session);
    }
}
