package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.OutputRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * How a watch ends as a process: {@code parley watch} in a JVM of its own, sent SIGINT as Ctrl-C
 * sends it (in-process tests stop a watch by interrupting its thread instead), or piped into a
 * reader that goes away.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WatchInterruptTest extends CliAgainstServer {

    @Test
    void ctrlCEndsTheWatchWithExitCodeZeroAndNoStackTrace() throws Exception {
        cli.newLogin("correct horse battery");
        long session = client().createSession("Interrupted").id();
        Process watch = parley("watch", Long.toString(session));
        OutputRecorder out = record(watch.getInputStream());
        OutputRecorder err = record(watch.getErrorStream());
        try {
            err.awaitText("Watching session " + session);
            client().postMessage(
                            session, "seen before Ctrl-C", UUID.randomUUID().toString());
            assertThat(out.assertLine()).endsWith(": seen before Ctrl-C");

            new ProcessBuilder("kill", "-INT", Long.toString(watch.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();

            assertThat(watch.waitFor(30, TimeUnit.SECONDS))
                    .as("the watch ended")
                    .isTrue();
            assertThat(watch.exitValue()).as(err.text()).isZero();
            assertThat(err.text()).isEqualTo("Watching session " + session + "; Ctrl-C stops\n");
            out.assertNoLine();
        } finally {
            watch.destroyForcibly();
        }
    }

    @Test
    void aWatchWhoseReaderIsGoneEndsWithExitCodeZeroWithoutAnotherMessage() throws Exception {
        cli.newLogin("correct horse battery");
        long session = client().createSession("Piped").id();
        List<String> watch = parleyCommand("watch", Long.toString(session), "--json");
        // pipefail: the pipeline's exit code is the watch's when it fails.
        String pipeline = "set -o pipefail; "
                + String.join(" ", watch.stream().map(arg -> "'" + arg + "'").toList()) + " | head -1";
        Process piped = start(List.of("bash", "-c", pipeline));
        OutputRecorder out = record(piped.getInputStream());
        OutputRecorder err = record(piped.getErrorStream());
        try {
            err.awaitText("Watching session " + session);
            client().postMessage(
                            session, "the one head takes", UUID.randomUUID().toString());
            assertThat(out.assertLine()).contains("the one head takes");

            // Nothing more is posted: the session stays quiet, and the watch ends all the same.
            assertThat(piped.waitFor(30, TimeUnit.SECONDS))
                    .as("the watch ended; err: " + err.text())
                    .isTrue();
            assertThat(piped.exitValue()).as(err.text()).isZero();
            out.assertNoLine();
        } finally {
            piped.destroyForcibly();
        }
    }

    /** {@code parley ARGS} as its own process, on this test's class path, with this test's CLI home. */
    private Process parley(String... args) throws IOException {
        return start(parleyCommand(args));
    }

    private static List<String> parleyCommand(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.parley.cli.Parley"));
        command.addAll(List.of(args));
        return command;
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.remove("PARLEY_TOKEN");
        environment.put("HOME", home.toString());
        environment.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        environment.put("PARLEY_SERVER", server.baseUri().toString());
        return builder.start();
    }

    private static OutputRecorder record(InputStream stream) {
        OutputRecorder recorder = new OutputRecorder();
        Thread.ofVirtual().start(() -> {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                reader.transferTo(recorder);
            } catch (IOException e) {
                // The process ended.
            }
        });
        return recorder;
    }
}
