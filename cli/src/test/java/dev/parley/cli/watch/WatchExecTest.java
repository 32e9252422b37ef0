package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.RunningCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * parley watch --exec: the hook fed each new message as JSON, its failures and time-outs, and a hook
 * still running when the watch ends.
 */
class WatchExecTest extends WatchAgainstServer {

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
}
