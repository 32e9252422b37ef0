package dev.parley.cli.watch;

import dev.parley.api.Json;
import dev.parley.api.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code parley watch --exec CMD}: runs {@code sh -c CMD} for each message with the message's JSON
 * (one line) on its standard input, one at a time, waiting for each at most the timeout. What CMD
 * prints goes where the watch prints; a CMD that fails is reported on one line and the watch goes
 * on. Each CMD runs in a process group of its own ({@code setsid}), so that one that outlasts its
 * timeout, or is still running (or left something running) when the watch ends, is killed with
 * everything it started, and the watch says so in one line.
 */
final class ExecHook {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a killed group gets to end on SIGTERM before SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(1);
    /** How long its output may still be read after a command ended, should a straggler hold it open. */
    private static final Duration DRAIN = Duration.ofSeconds(1);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String command;
    private final Duration timeout;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Process groups started that may still have members: killed when the watch ends. */
    private final Set<Long> groups = new HashSet<>();

    private Process running;
    private long runningFor;
    private boolean runningCut;
    private boolean stopped;

    ExecHook(String command, Duration timeout, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.timeout = timeout;
        this.out = out;
        this.err = err;
    }

    /** Runs the command for {@code message} and waits for it; returns at once once stopped. */
    void run(Message message) {
        Process process;
        try {
            process = start(message.id());
        } catch (IOException e) {
            report("failed for message " + message.id() + ": could not start: " + e.getMessage() + "; watching on");
            return;
        }
        if (process == null) {
            return;
        }
        try {
            List<Thread> streams = List.of(
                    Thread.ofVirtual().start(() -> feed(process, message)),
                    Thread.ofVirtual().start(() -> copy(process.getInputStream(), out)),
                    Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err)));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && cut(process)) {
                report("for message " + message.id() + " ran longer than " + seconds(timeout)
                        + " (--exec-timeout): killed it and its process group; watching on");
            }
            for (Thread stream : streams) {
                stream.join(DRAIN);
            }
            int exitCode = process.waitFor();
            if (exitCode != 0 && !wasCut()) {
                report("failed for message " + message.id() + ": exit code " + exitCode + "; watching on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cut(process);
        } finally {
            finished(process);
        }
    }

    /**
     * Ends the command running now, if any (after a grace for one about to finish), and what earlier
     * ones left running, and runs no more: the watch is ending. Says so in one line for a command
     * cut short.
     */
    void stop() {
        Process process;
        long messageId;
        List<Long> leftRunning;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            process = running;
            messageId = runningFor;
            leftRunning = new ArrayList<>(groups);
        }
        if (process != null && !endsWithin(process, GRACE) && cut(process)) {
            report("for message " + messageId
                    + " was still running when the watch ended: killed it and its process group");
        }
        for (long group : leftRunning) {
            Posix.killGroup(group, Posix.SIGKILL);
        }
    }

    private synchronized Process start(long messageId) throws IOException {
        if (stopped) {
            return null;
        }
        List<String> line = new ArrayList<>(List.of("sh", "-c", command));
        boolean ownGroup = Posix.available() && Files.isExecutable(SETSID);
        if (ownGroup) {
            // setsid execs in place (a child of the JVM leads no group yet), so the group's id is the pid.
            line.addFirst(SETSID.toString());
        }
        running = new ProcessBuilder(line).start();
        runningFor = messageId;
        runningCut = false;
        if (ownGroup) {
            groups.add(running.pid());
        }
        return running;
    }

    /**
     * Kills the command with its process group (SIGTERM, then SIGKILL after a grace), or without a
     * group of its own its process tree; false when it had ended already or was cut before.
     */
    private boolean cut(Process process) {
        boolean ownGroup;
        synchronized (this) {
            if (runningCut || !process.isAlive()) {
                return false;
            }
            runningCut = true;
            ownGroup = groups.contains(process.pid());
        }
        if (ownGroup) {
            Posix.killGroup(process.pid(), Posix.SIGTERM);
            endsWithin(process, GRACE);
            Posix.killGroup(process.pid(), Posix.SIGKILL);
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return true;
    }

    private static boolean endsWithin(Process process, Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized boolean wasCut() {
        return runningCut || stopped;
    }

    /** The command is done; its group is forgotten unless something it started lives on in it. */
    private synchronized void finished(Process process) {
        running = null;
        if (!Posix.killGroup(process.pid(), 0)) {
            groups.remove(process.pid());
        }
    }

    /** The message as one line of JSON; a command that does not read it is no failure. */
    private static void feed(Process process, Message message) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(Json.bytes(message));
            stdin.write('\n');
        } catch (IOException e) {
            // The command exited or closed its input without reading it all: its own business.
        }
    }

    private static void copy(InputStream from, PrintWriter to) {
        try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // The process is gone; what it printed so far has been passed on.
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private void report(String what) {
        err.println("parley: --exec '" + command + "' " + what);
        err.flush();
    }
}
