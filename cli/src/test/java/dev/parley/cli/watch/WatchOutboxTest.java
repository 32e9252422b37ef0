package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.RunningCommand;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.PendingSend;
import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parley watch and the outbox: messages kept while the server could not be reached are sent when
 * the watch connects, and when it reconnects.
 */
class WatchOutboxTest extends WatchAgainstServer {

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
}
