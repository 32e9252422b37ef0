package dev.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Parley in an operating-system process of its own, started as an operator starts it
 * ({@code dev.parley.server.Main --host --port 0 --data-dir}), so that a test can do to it what
 * only happens to a process: SIGKILL in the middle of writes, SIGTERM under load. It is ready once
 * it has printed its "serving" line and {@code /observe/health} answers 200.
 */
public final class ServerProcess implements AutoCloseable {

    /** The lowest cost the server accepts outside tests (it refuses anything cheaper at start). */
    public static final String BCRYPT_COST = "10";

    /**
     * Settings for load tests: their clients post far faster than the per-user rate limit lets a
     * person, and the limit is not what they test.
     */
    public static final Map<String, String> UNLIMITED_POSTING = Map.of(
            "PARLEY_LIMITS_MESSAGES_BURST",
            TestServer.UNLIMITED,
            "PARLEY_LIMITS_MESSAGES_REFILL",
            TestServer.UNLIMITED);

    private static final String ANNOUNCEMENT = "Parley is serving on http://127.0.0.1:";
    private static final String END_OF_OUTPUT = "\u0000end of output";
    /** Bounds on a JVM's start and exit on a loaded machine; only a hang ever reaches them. */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private static final int OUTPUT_LINES_KEPT = 200;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> recentOutput = new ArrayDeque<>();
    private final int port;

    private ServerProcess(Path dataDir, Map<String, String> environment, List<String> jvmFlags) {
        ProcessBuilder builder = new ProcessBuilder(command(dataDir, jvmFlags)).redirectErrorStream(true);
        // The test's own PARLEY_* variables (a developer's shell) must not reach the server.
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().put("PARLEY_AUTH_BCRYPT_COST", BCRYPT_COST);
        // Every test registers its accounts from 127.0.0.1; the per-address limit is tested on its own.
        builder.environment().put("PARLEY_LIMITS_REGISTRATIONS_BURST", TestServer.UNLIMITED);
        builder.environment().put("PARLEY_LIMITS_REGISTRATIONS_REFILL", TestServer.UNLIMITED);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
        Thread.ofPlatform().daemon().name("server-output-" + process.pid()).start(this::readOutput);
        port = awaitAnnouncedPort();
        ApiClient.Response health =
                new ApiClient(this::baseUri).get("/observe/health").send();
        if (health.status() != 200) {
            close();
            throw new IllegalStateException("the server announced itself but is not healthy: " + health.body());
        }
    }

    /** Starts a server on {@code dataDir} (created if needed) and returns once it serves. */
    public static ServerProcess start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** As {@link #start(Path)}, with settings as environment variables ({@code PARLEY_...}). */
    public static ServerProcess start(Path dataDir, Map<String, String> environment) {
        return new ServerProcess(
                dataDir, environment, List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    }

    /**
     * As {@link #start(Path, Map)}, with the JVM settings the {@code parley} launcher gives a server
     * on this JDK (read from {@code jvm-options}, their one home): its heap, its collector, and its
     * exit on running out of memory; and its malloc arenas.
     */
    public static ServerProcess startOnLaunchersHeap(Path dataDir, Map<String, String> environment) {
        LauncherSettings settings = LauncherSettings.read();
        List<String> flags = new ArrayList<>(settings.words("PARLEY_SERVER_JVM"));
        // As the launcher does: these flags exist from JDK 22 on.
        if (Runtime.version().feature() >= 22) {
            flags.addAll(settings.words("PARLEY_SERVER_JVM_FROM_22"));
        }
        Map<String, String> launchersEnvironment = new HashMap<>(environment);
        launchersEnvironment.put("MALLOC_ARENA_MAX", settings.value("PARLEY_SERVER_MALLOC_ARENA_MAX"));
        return new ServerProcess(dataDir, launchersEnvironment, flags);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process ends at once, in the middle of whatever it was doing. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(START_LIMIT);
    }

    /** SIGTERM: asks the server to stop; {@link #awaitExit} tells how it ended. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, once the process has ended; fails the test if it is still running after {@code limit}. */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the server did not exit within " + limit + "; its output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** The last lines the process printed (standard output and error), for failure messages. */
    public String output() {
        synchronized (recentOutput) {
            return String.join("\n", recentOutput);
        }
    }

    /** Kills the process if it still runs; the data directory is the caller's. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static List<String> command(Path dataDir, List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmFlags);
        // A server that lives for seconds: the quick compiler starts sooner and leaves the CPU to the load.
        command.add("-XX:TieredStopAtLevel=1");
        // sqlite-jdbc unpacks its native library into this directory and deletes it at exit, which a
        // SIGKILL skips: in the test's data directory it goes away with the rest.
        command.add("-Dorg.sqlite.tmpdir=" + dataDir.toAbsolutePath());
        command.add("-cp");
        // Surefire puts the test class path here: the server's classes, resources and dependencies.
        command.add(System.getProperty("java.class.path"));
        command.add("dev.parley.server.Main");
        command.add("--host=127.0.0.1");
        command.add("--port=0");
        command.add("--data-dir=" + dataDir.toAbsolutePath());
        return command;
    }

    private int awaitAnnouncedPort() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try {
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END_OF_OUTPUT)) {
                    close();
                    throw new IllegalStateException((line == null
                                    ? "the server did not start within " + START_LIMIT
                                    : "the server exited before serving")
                            + "; its output:\n" + output());
                }
                if (line.startsWith(ANNOUNCEMENT)) {
                    return Integer.parseInt(
                            line.substring(ANNOUNCEMENT.length()).split("\\D", 2)[0]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (recentOutput) {
                    recentOutput.addLast(line);
                    if (recentOutput.size() > OUTPUT_LINES_KEPT) {
                        recentOutput.removeFirst();
                    }
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone; what it printed so far is kept.
        }
        lines.add(END_OF_OUTPUT);
    }
}
