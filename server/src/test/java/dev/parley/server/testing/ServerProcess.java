package dev.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley server in a process of its own, started as an operator would ({@code parley server}
 * with options and {@code PARLEY_*} environment variables), on the test class path: for tests that
 * need several servers side by side, each with its own JVM and connections.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Parley is serving on (http://\\S+) ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI baseUri;

    private ServerProcess(Process process, Path log, URI baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    /**
     * Starts {@code parley server --port 0 --data-dir dataDir} with {@code environment} added to this
     * JVM's, and returns once it serves; its stderr goes to {@code dataDir/server.log}.
     */
    public static ServerProcess start(Path dataDir, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.parley.server.Main", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        Path log = dataDir.resolve("server.log");
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().name("server-process-stdout").start(() -> readLines(process, lines));
            String line = lines.poll(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Matcher serving = line == null ? null : SERVING.matcher(line);
            if (serving == null || !serving.find()) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not start (first line: " + line + "); its log:\n"
                        + Files.readString(log));
            }
            return new ServerProcess(process, log, URI.create(serving.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return baseUri.getPort();
    }

    /** What the server wrote to stderr so far, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server as SIGTERM does (cleanly), or kills it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
