package dev.parley.cli.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against the real server: kept when unreachable, listed, flushed exactly once, refusals dropped. */
class OutboxCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Chat").id();
    }

    @Test
    void aSendThatCannotReachTheServerExitsFiveAndStaysInTheOutboxOwnerOnly() throws IOException {
        String unreachable = "http://127.0.0.1:" + closedPort();

        Result sent =
                cli.with("PARLEY_TOKEN", claiming(email)).run("send", "7", "hello", "there", "--server", unreachable);

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(5);
        assertThat(sent.err())
                .startsWith("parley: server unreachable (cannot reach " + unreachable)
                .endsWith("; the message is kept in the outbox (parley outbox flush sends it)\n")
                .hasLineCount(1);
        List<Path> entries = entries();
        assertThat(entries).hasSize(1);
        Path entry = entries.get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.getParent())))
                .isEqualTo("rwx------");
        PendingSend pending = Json.mapper().readValue(entry.toFile(), PendingSend.class);
        assertThat(pending.server()).isEqualTo(unreachable);
        assertThat(pending.account()).isEqualTo(email);
        assertThat(pending.sessionId()).isEqualTo(7);
        assertThat(pending.text()).isEqualTo("hello there");
        assertThat(entry.getFileName()).hasToString(pending.idempotencyKey() + ".json");
        assertThat(UUID.fromString(pending.idempotencyKey())).isNotNull();
    }

    @Test
    void outboxListsPendingSendsAsTextAndJsonWithoutTokens() {
        String unreachable = "http://127.0.0.1:" + closedPort();
        String token = claiming(email);
        cli.with("PARLEY_TOKEN", token).run("send", "7", "first line\nsecond line", "--server", unreachable);

        Result text = cli.run("outbox");
        Result json = cli.run("outbox", "--json");
        Result otherServer = cli.run("outbox", "--server", server.baseUri().toString());
        Result thatServer = cli.run("--server", unreachable, "outbox");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  " + unreachable + "  " + email
                        + "  session 7  first line …\n");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).hasLineCount(1).doesNotContain(token);
        JsonNode entry = json.json();
        assertThat(entry.get("server").asText()).isEqualTo(unreachable);
        assertThat(entry.get("account").asText()).isEqualTo(email);
        assertThat(entry.get("session_id").asLong()).isEqualTo(7);
        assertThat(entry.get("text").asText()).isEqualTo("first line\nsecond line");
        assertThat(entry.get("idempotency_key").asText()).isNotBlank();
        assertThat(Instant.parse(entry.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(otherServer.exitCode()).isZero();
        assertThat(otherServer.out()).isEmpty();
        assertThat(thatServer.out()).isEqualTo(text.out());
    }

    @Test
    void theAccountATokenClaimsIsShownWithoutControlOrBidiCharacters() {
        // The claim is the text of whichever server issued the token.
        Cli eve = cli.with("PARLEY_TOKEN", claiming("eve\\u001b]0;pwned\\u0007\\u202e@example.com"))
                .with("PARLEY_SERVER", "http://127.0.0.1:" + closedPort());
        eve.run("send", "7", "hello");

        Result listed = eve.run("outbox");
        Result loggedOut = eve.run("logout");

        assertThat(listed.out()).endsWith("  eve ]0;pwned @example.com  session 7  hello\n");
        assertThat(loggedOut.err()).startsWith("Note: 1 message by eve ]0;pwned @example.com wait");
        assertThat(listed.out() + loggedOut.err())
                .doesNotContainPattern("[\\p{Cc}&&[^\\n]]")
                .doesNotContain("\u202e");
    }

    @Test
    void flushDeliversWhatWasKeptOnceTheServerIsBackAfterARestartOfBoth(@TempDir Path data) {
        int port = closedPort();
        Map<String, String> settings = Map.of("server.port", Integer.toString(port));
        String url = "http://127.0.0.1:" + port;
        Cli local = Cli.in(otherHome, url);
        long localSession;
        try (TestServer first = TestServer.start(data, settings)) {
            local.newLogin(PASSWORD);
            localSession =
                    local.apiClient(first.baseUri()).createSession("Later").id();
        }

        Result sent = local.run("send", Long.toString(localSession), "written while it was down");
        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(5);
        Result stillDown = local.run("outbox", "flush");
        assertThat(stillDown.exitCode()).as(stillDown.toString()).isEqualTo(5);
        assertThat(stillDown.err())
                .endsWith("; 1 message is kept in the outbox\n")
                .hasLineCount(1);
        assertThat(local.run("outbox").out()).hasLineCount(1);

        try (TestServer again = TestServer.start(data, settings)) {
            Result flushed = local.run("outbox", "flush");
            Result flushedAgain = local.run("outbox", "flush");

            assertThat(flushed.exitCode()).as(flushed.toString()).isZero();
            assertThat(flushed.out()).matches("Sent message \\d+ to session " + localSession + "\n");
            assertThat(flushedAgain.exitCode()).isZero();
            assertThat(flushedAgain.out()).isEmpty();
            assertThat(local.run("outbox").out()).isEmpty();
            assertThat(local.apiClient(again.baseUri())
                            .messages(localSession, null, null, null)
                            .messages())
                    .extracting(Message::text)
                    .containsExactly("written while it was down");
        }
    }

    @Test
    void aReplyWaitingInTheOutboxIsListedWithWhatItAnswersAndSentAsAReply() {
        Message question =
                client().postMessage(session, "Who drives?", UUID.randomUUID().toString());
        outbox().add(new PendingSend(
                server.baseUri().toString(),
                email,
                session,
                "I do",
                UUID.randomUUID().toString(),
                Instant.now(),
                question.id()));

        Result listed = cli.run("outbox");
        Result flushed = cli.run("outbox", "flush", "--json");

        assertThat(listed.out()).endsWith("session " + session + "  ↪ #" + question.id() + " I do\n");
        assertThat(flushed.exitCode()).as(flushed.toString()).isZero();
        assertThat(parse(flushed.out(), Message.class).replyTo()).isEqualTo(question.id());
    }

    @Test
    void aSendWhoseAnswerWasLostIsNotStoredTwice() {
        String key = UUID.randomUUID().toString();
        Message reached = client().postMessage(session, "reply lost", key);
        outbox().add(new PendingSend(server.baseUri().toString(), email, session, "reply lost", key, Instant.now()));

        Result flushed = cli.run("outbox", "flush", "--json");

        assertThat(flushed.exitCode()).as(flushed.toString()).isZero();
        assertThat(parse(flushed.out(), Message.class)).isEqualTo(reached);
        assertThat(texts()).containsExactly("reply lost");
        assertThat(entries()).isEmpty();
    }

    @Test
    void flushSendsInCreationOrderAndDropsWhatTheServerRefusesWithExitOne() {
        Cli other = Cli.in(otherHome, server.baseUri().toString());
        other.newLogin(PASSWORD);
        long othersSession =
                other.apiClient(server.baseUri()).createSession("Not yours").id();
        Instant now = Instant.now();
        outbox().add(pending(session, "second", now.minusSeconds(10)));
        outbox().add(pending(othersSession, "intruding", now.minusSeconds(20)));
        outbox().add(pending(session, "first", now.minusSeconds(30)));
        outbox().add(pending(session, "third", now.minusSeconds(5)));

        Result flushed = cli.run("outbox", "flush");

        assertThat(flushed.exitCode()).as(flushed.toString()).isEqualTo(1);
        assertThat(flushed.out()).hasLineCount(3);
        assertThat(flushed.err())
                .startsWith("parley: dropped the message of ")
                .contains("session " + othersSession + "  intruding: ")
                .hasLineCount(1);
        assertThat(texts()).containsExactly("first", "second", "third");
        assertThat(entries()).isEmpty();
        assertThat(other.apiClient(server.baseUri())
                        .messages(othersSession, null, null, null)
                        .messages())
                .isEmpty();
    }

    @Test
    void flushTouchesOnlyTheCurrentServersEntriesAndKeepsThemWhenItIsUnreachable() {
        String unreachable = "http://127.0.0.1:" + closedPort();
        Instant now = Instant.now();
        outbox().add(new PendingSend(
                unreachable, email, 7, "elsewhere 1", UUID.randomUUID().toString(), now));
        outbox().add(new PendingSend(
                unreachable, email, 7, "elsewhere 2", UUID.randomUUID().toString(), now.plusMillis(1)));
        outbox().add(pending(session, "here", now));

        Result here = cli.run("outbox", "flush");
        Result there = cli.with("PARLEY_TOKEN", claiming(email)).run("outbox", "flush", "--server", unreachable);

        assertThat(here.exitCode()).as(here.toString()).isZero();
        assertThat(texts()).containsExactly("here");
        assertThat(there.exitCode()).isEqualTo(5);
        assertThat(there.err())
                .startsWith("parley: server unreachable (cannot reach " + unreachable)
                .endsWith("; 2 messages are kept in the outbox\n")
                .hasLineCount(1);
        assertThat(outbox().list()).extracting(PendingSend::text).containsExactly("elsewhere 1", "elsewhere 2");
    }

    @Test
    void aSendWithoutALoginIsNeitherSentNorKept() {
        assertThat(cli.run("logout").exitCode()).isZero();

        Result sent = cli.run("send", id(), "by whom?");

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(3);
        assertThat(sent.err())
                .isEqualTo("parley: not logged in to "
                        + server.baseUri().toString().replaceAll("/$", "")
                        + " (run 'parley login EMAIL'); nothing was sent (log in, then send it again)\n");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aSendWithAGarbageTokenNeverLandsInTheStoredUsersOutbox() {
        Result sent = cli.with("PARLEY_TOKEN", "garbage").run("send", id(), "who am I");
        Result downToo = cli.with("PARLEY_TOKEN", "garbage")
                .run("send", id(), "who am I", "--server", "http://127.0.0.1:" + closedPort());

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(3);
        assertThat(sent.err())
                .contains("PARLEY_TOKEN is not a Parley access token")
                .hasLineCount(1);
        assertThat(downToo.exitCode()).isEqualTo(3);
        assertThat(entries()).isEmpty();
        assertThat(texts()).isEmpty();
    }

    @Test
    void aMessageIsOnlyEverSentAsTheAccountThatWroteIt() {
        String frankServer = server.baseUri().toString();
        outbox().add(new PendingSend(
                frankServer.replaceAll("/$", ""),
                "frank@example.com",
                session,
                "I am frank",
                UUID.randomUUID().toString(),
                Instant.now()));

        Result flushed = cli.run("outbox", "flush");
        Result sent = cli.run("send", id(), "I am " + email);

        assertThat(flushed.exitCode()).as(flushed.toString()).isEqualTo(3);
        assertThat(flushed.err())
                .contains("1 message in the outbox for")
                .contains("was written by frank@example.com")
                .contains("you are logged in as " + email)
                .hasLineCount(1);
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(texts()).containsExactly("I am " + email);
        assertThat(outbox().list()).extracting(PendingSend::text).containsExactly("I am frank");
    }

    @Test
    void logoutWarnsOfMessagesStillWaitingAndKeepsThem() {
        outbox().add(pending(session, "queued", Instant.now()));

        Result loggedOut = cli.run("logout");

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(loggedOut.err())
                .startsWith("Note: 1 message by " + email + " wait")
                .hasLineCount(1);
        assertThat(entries()).hasSize(1);
    }

    @Test
    void aSendFindingTheServerBackSendsTheQueuedMessagesFirstOldestFirst() {
        Instant now = Instant.now();
        outbox().add(pending(session, "queued second", now.minusSeconds(10)));
        outbox().add(pending(session, "queued first", now.minusSeconds(20)));

        Result sent = cli.run("send", id(), "typed now", "--json");

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(parse(sent.out(), Message.class).text()).isEqualTo("typed now");
        assertThat(sent.err()).hasLineCount(2).contains("sent first, from the outbox: Sent message");
        assertThat(texts()).containsExactly("queued first", "queued second", "typed now");
        assertThat(entries()).isEmpty();
    }

    /** A token shaped as the server's, claiming {@code email}, that no server accepts: its signature is none. */
    static String claiming(String email) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(
                        ("{\"sub\":\"1\",\"email\":\"" + email + "\"}").getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    private PendingSend pending(long sessionId, String text, Instant createdAt) {
        return new PendingSend(
                server.baseUri().toString().replaceAll("/$", ""),
                email,
                sessionId,
                text,
                UUID.randomUUID().toString(),
                createdAt);
    }

    private Outbox outbox() {
        return new Outbox(home.resolve("config/parley/outbox"));
    }

    private List<Path> entries() {
        Path directory = outbox().directory();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> texts() {
        return client().messages(session, null, null, null).messages().stream()
                .map(Message::text)
                .toList();
    }

    private String id() {
        return Long.toString(session);
    }
}
