package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.RunningCommand;
import dev.parley.cli.client.ParleyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** parley watch and messages edited, deleted and answered while it runs: the lines, the JSON kinds, the hook. */
class WatchChangesTest extends WatchAgainstServer {

    @Test
    void editsDeletionsAndRepliesPrintAsHistoryShowsThem() {
        Message old = post("posted before the watch");
        RunningCommand watch = watch(cli, id());

        Message typo = post("helo");
        client().editMessage(session, typo.id(), "hello");
        client().deleteMessage(session, typo.id());
        post("answering", old.id());

        String me = Pattern.quote(email);
        assertThat(watch.out().assertLine()).matches(TIME + me + ": helo");
        assertThat(watch.out().assertLine()).matches(TIME + me + " \\(edited\\): hello");
        assertThat(watch.out().assertLine()).matches(TIME + me + " \\(deleted\\)");
        assertThat(watch.out().assertLine())
                .matches(TIME + me + " \\(↪ " + me + ": posted before the watch\\): answering");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void jsonLinesNameTheirEventAndAreTheMessageAsItNowIs() {
        RunningCommand watch = watch(cli, id(), "--json");

        Message posted = post("first");
        Message edited = client().editMessage(session, posted.id(), "first, edited");
        client().deleteMessage(session, posted.id());

        JsonNode new_ = json(watch.out().assertLine());
        JsonNode change = json(watch.out().assertLine());
        JsonNode deletion = json(watch.out().assertLine());
        assertThat(new_.get("event").asText()).isEqualTo("message");
        assertThat(parse(new_.toString(), Message.class)).isEqualTo(posted);
        assertThat(change.get("event").asText()).isEqualTo("message_edited");
        assertThat(parse(change.toString(), Message.class)).isEqualTo(edited);
        assertThat(deletion.get("event").asText()).isEqualTo("message_deleted");
        assertThat(deletion.get("text").isNull()).isTrue();
        assertThat(deletion.get("deleted_at").isTextual()).isTrue();
        assertThat(deletion.get("id").asLong()).isEqualTo(posted.id());
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void theExecHookRunsForNewMessagesOnly() throws IOException {
        Path received = home.resolve("received.jsonl");
        RunningCommand watch = watch(cli, id(), "--exec", "cat >> '" + received + "' && echo hooked");

        Message posted = post("new");
        client().editMessage(session, posted.id(), "new, edited");
        post("newer");

        assertThat(watch.out().assertLine()).endsWith(": new");
        assertThat(watch.out().assertLine()).isEqualTo("hooked");
        assertThat(watch.out().assertLine()).endsWith(" (edited): new, edited");
        assertThat(watch.out().assertLine()).endsWith(": newer");
        assertThat(watch.out().assertLine()).isEqualTo("hooked");
        watch.interrupt();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(received)) {
            texts.add(parse(line, Message.class).text());
        }
        assertThat(texts).containsExactly("new", "newer");
    }

    @Test
    void anEditMadeBeforeTheWatchStartedIsNotPrinted() {
        Message old = post("old");
        client().editMessage(session, old.id(), "old, edited before the watch");
        // A watch started a minute later, as far as its clock knows: the edit is well before it.
        Cli later = cli.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));

        RunningCommand watch = watch(later, id());
        post("fresh");

        assertThat(watch.out().assertLine()).endsWith(": fresh");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    @Test
    void sinceReplaysTheEditsMadeAfterThatMessage() {
        Message first = post("m1");
        Message second = post("m2");
        client().editMessage(session, first.id(), "m1, edited");

        RunningCommand watch = watch(cli, id(), "--since", Long.toString(second.id()));

        assertThat(watch.out().assertLine()).endsWith(" (edited): m1, edited");
        watch.interrupt();
        watch.out().assertNoLine();
    }

    private Message post(String text, Long replyTo) {
        ParleyClient client = client();
        return client.postMessage(session, text, replyTo, UUID.randomUUID().toString());
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(line, e);
        }
    }
}
