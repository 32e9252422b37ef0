package dev.parley.cli.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A tmux server of the test's own (its own socket, no configuration file) with one window of
 * 120×40 whose panes run real {@code parley} processes. tmux is a terminal emulator: what a pane
 * {@link #screen shows} is what a person would see, after every cursor movement and erasure, not
 * the bytes written (which {@link PseudoTerminal} records).
 */
final class Tmux implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String socket = "parley-test-" + UUID.randomUUID();
    private final List<String> panes = new ArrayList<>();

    /** Whether tmux is on the PATH (.ci/run installs it; a machine without it skips these tests). */
    static boolean available() {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(":"))
                        .map(directory -> Path.of(directory, "tmux"))
                        .anyMatch(Files::isExecutable);
    }

    /** Starts {@code parley ARGS} in a new pane with exactly {@code variables}; the pane's id. */
    String start(Map<String, String> variables, String... args) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("exec env -i");
        variables.forEach((name, value) -> command.append(' ').append(quote(name + "=" + value)));
        command.append(' ')
                .append(quote("PATH=" + System.getenv("PATH")))
                .append(" TERM=xterm-256color LANG=C.UTF-8 ")
                .append(quote(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp ")
                .append(quote(System.getProperty("java.class.path")))
                .append(" dev.parley.cli.Parley");
        for (String arg : args) {
            command.append(' ').append(quote(arg));
        }
        String pane = panes.isEmpty()
                ? tmux("new-session", "-d", "-P", "-F", "#{pane_id}", "-x", "120", "-y", "40", command.toString())
                : tmux("split-window", "-P", "-F", "#{pane_id}", "-t", panes.getFirst(), command.toString());
        panes.add(pane.strip());
        return pane.strip();
    }

    /** Types {@code keys} into {@code pane} literally (no key names): what a person types. */
    void type(String pane, String keys) throws IOException, InterruptedException {
        tmux("send-keys", "-t", pane, "-l", keys);
    }

    /** Presses named keys ({@code Enter}, {@code C-c}) in {@code pane}. */
    void press(String pane, String... keys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", pane));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    /** What {@code pane} shows now, line by line, trailing blanks cut. */
    String screen(String pane) throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", pane);
    }

    /** Waits until {@code pane} shows what {@code test} accepts; fails with the screen when it does not. */
    String awaitScreen(String pane, String what, Predicate<String> test) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String screen = screen(pane);
        while (!test.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pane " + pane + " never showed " + what + "; it shows:\n" + screen);
            }
            Thread.sleep(100);
            screen = screen(pane);
        }
        return screen;
    }

    /** Waits until {@code pane}'s process has ended (the pane is gone). */
    void awaitGone(String pane) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (tmuxStatus("list-panes", "-a", "-F", "#{pane_id}").lines().anyMatch(pane::equals)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pane " + pane + " did not end; it shows:\n" + screen(pane));
            }
            Thread.sleep(100);
        }
    }

    /** Ends the panes' tmux server; an interrupt is kept for the caller (AutoCloseable must not throw it). */
    @Override
    public void close() throws IOException {
        try {
            tmuxStatus("kill-server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** The output of a tmux command that may fail (no server left): empty then. */
    private String tmuxStatus(String... args) throws IOException, InterruptedException {
        try {
            return tmux(args);
        } catch (IOException e) {
            return "";
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
