package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache's training run goes through the help's classes as well as its command's, and
 * prints only what its command prints: run in a JVM of its own that logs every class it loads.
 */
class StartupTrainingTest {

    @Test
    void rendersTheHelpUnseenThenRunsItsCommand(@TempDir Path home) throws Exception {
        Path log = home.resolve("classes.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info:file=" + log,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StartupTraining.class.getName(),
                        "--version")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the training ended")
                .isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).startsWith("parley ").doesNotContain("Usage:");
        // The help's layout, which parley --version alone never loads.
        assertThat(Files.readString(log)).contains("picocli.CommandLine$Help$TextTable ");
    }
}
