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
import java.util.List;

/**
 * {@code parley watch --exec CMD}: runs {@code sh -c CMD} for each message with the message's JSON
 * (one line) on its standard input, one at a time, waiting for each. What CMD prints goes where the
 * watch prints; a CMD that fails is reported on one line and the watch goes on.
 */
final class ExecHook {

    private final String command;
    private final PrintWriter out;
    private final PrintWriter err;
    private Process running;
    private boolean stopped;

    ExecHook(String command, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.out = out;
        this.err = err;
    }

    /** Runs the command for {@code message} and waits for it; returns at once once stopped. */
    void run(Message message) {
        Process process;
        try {
            process = start();
        } catch (IOException e) {
            report(message, "could not start: " + e.getMessage());
            return;
        }
        if (process == null) {
            return;
        }
        try {
            Thread errors = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
            feed(process, message);
            copy(process.getInputStream(), out);
            int exitCode = process.waitFor();
            errors.join();
            if (exitCode != 0 && !isStopped()) {
                report(message, "exit code " + exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        } finally {
            finished();
        }
    }

    /** Ends the command running now, if any, and runs no more: the watch is ending. */
    synchronized void stop() {
        stopped = true;
        if (running != null) {
            running.destroy();
        }
    }

    private synchronized Process start() throws IOException {
        if (stopped) {
            return null;
        }
        running = new ProcessBuilder(List.of("sh", "-c", command)).start();
        return running;
    }

    private synchronized void finished() {
        running = null;
    }

    private synchronized boolean isStopped() {
        return stopped;
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
            reader.transferTo(to);
        } catch (IOException e) {
            // The process is gone; what it printed so far has been passed on.
        }
        to.flush();
    }

    private void report(Message message, String why) {
        err.println("parley: --exec '" + command + "' failed for message " + message.id() + ": " + why
                + "; watching on");
        err.flush();
    }
}
