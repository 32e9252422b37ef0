package dev.parley.cli.shell;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code parley}, in a JVM of its own, on a real pseudo-terminal made by util-linux's
 * {@code script}: the kernel's line discipline stands between what the test types and the shell,
 * so Ctrl-C becomes SIGINT and a password prompt turns echo off, as on a user's terminal. What the
 * terminal shows is recorded; {@link #awaitOutput} waits for a text to appear after the last one
 * awaited.
 */
final class PseudoTerminal implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuilder screen = new StringBuilder();
    private int seen;
    private boolean ended;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread.ofVirtual().start(this::record);
    }

    /** Whether this system has util-linux's {@code script} (Linux does; macOS has another one). */
    static boolean available() {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(":"))
                        .map(directory -> Path.of(directory, "script"))
                        .anyMatch(Files::isExecutable)
                && isUtilLinux();
    }

    private static boolean isUtilLinux() {
        try {
            Process version = new ProcessBuilder("script", "--version")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return version.waitFor() == 0 && text.contains("util-linux");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code parley ARGS} from this test's class path with exactly {@code variables}, on a 120×40 terminal. */
    static PseudoTerminal start(Map<String, String> variables, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder("stty cols 120 rows 40 && exec ")
                .append(quote(java))
                .append(" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp ")
                .append(quote(System.getProperty("java.class.path")))
                .append(" dev.parley.cli.Parley");
        for (String arg : args) {
            command.append(' ').append(quote(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "script", "--quiet", "--flush", "--return", "--command", command.toString(), "/dev/null"))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(variables);
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("SHELL", "/bin/sh");
        builder.environment().put("TERM", "xterm-256color");
        return new PseudoTerminal(builder.start());
    }

    /** Types {@code keys} as they are: {@code \r} is Enter, {@code \u0003} Ctrl-C. */
    void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Waits until {@code text} shows after what was awaited before; fails with the screen when it does not. */
    synchronized void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int at;
        while ((at = screen.indexOf(text, seen)) < 0) {
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("the terminal never showed \"" + text + "\"; it shows:\n" + screen);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        seen = at + text.length();
    }

    /** Waits for parley to end; its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("parley did not end; the terminal shows:\n" + screen());
        }
        return process.exitValue();
    }

    synchronized String screen() {
        return screen.toString();
    }

    private void record() {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (this) {
                    screen.append(buffer, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
        process.destroyForcibly();
    }
}
