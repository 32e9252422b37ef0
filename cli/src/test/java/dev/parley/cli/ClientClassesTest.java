package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client command never loads the server's classes, even with them on the class path, as they are
 * in the tests and for {@code parley server}: parley runs in a JVM of its own that logs every class
 * it loads.
 */
class ClientClassesTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    private long session;

    @BeforeEach
    void aSession() {
        cli.newLogin(PASSWORD);
        session = client().createSession("Classes").id();
    }

    @Test
    void sendingLoadsNoServerOrHelidonClass() throws Exception {
        List<String> loaded = classesLoadedBy("send", Long.toString(session), "hello");

        assertThat(loaded)
                .contains("dev.parley.cli.message.SendCommand", "okhttp3.OkHttpClient")
                .noneMatch(ClientClassesTest::serverSide);
    }

    @Test
    void helpAndHistoryLoadNoServerOrHelidonClass() throws Exception {
        List<String> help = classesLoadedBy("--help");
        List<String> history = classesLoadedBy("history", Long.toString(session));

        assertThat(help).contains("dev.parley.cli.ServerSubcommand").noneMatch(ClientClassesTest::serverSide);
        assertThat(history).contains("dev.parley.cli.message.HistoryCommand").noneMatch(ClientClassesTest::serverSide);
    }

    private static boolean serverSide(String className) {
        return className.startsWith("dev.parley.server.")
                || className.startsWith("io.helidon.")
                || className.startsWith("org.jooq.")
                || className.startsWith("org.flywaydb.");
    }

    /** Runs parley ARGS in a JVM of its own with this test's class path; the names of the classes it loaded. */
    private List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
        Path log = home.resolve("classes-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Parley.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("output.txt").toFile());
        builder.environment().clear();
        builder.environment()
                .putAll(Map.of(
                        "HOME",
                        cli.variable("HOME"),
                        "XDG_CONFIG_HOME",
                        cli.variable("XDG_CONFIG_HOME"),
                        "PARLEY_SERVER",
                        cli.variable("PARLEY_SERVER")));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("parley ended").isTrue();
        String output = Files.readString(home.resolve("output.txt"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readAllLines(log).stream()
                .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[info\\]\\[class,load\\] ", ""))
                .map(line -> line.split(" ", 2)[0])
                .toList();
    }
}
