package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * A {@code parley} command running in-process on its own thread, as {@link Cli#run} runs one, for
 * commands that run until stopped: its output and errors recorded as they come, and
 * {@link #interrupt()} to stop it as Ctrl-C does.
 */
public final class RunningCommand {

    private final OutputRecorder out = new OutputRecorder();
    private final OutputRecorder err = new OutputRecorder();
    private final Thread thread;
    private volatile int exitCode = -1;

    private RunningCommand(Environment environment, String... args) {
        CommandLine commandLine = Parley.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        thread = Thread.ofPlatform()
                .name("parley " + String.join(" ", args))
                .start(() -> exitCode = commandLine.execute(args));
    }

    static RunningCommand start(Environment environment, String... args) {
        return new RunningCommand(environment, args);
    }

    public OutputRecorder out() {
        return out;
    }

    public OutputRecorder err() {
        return err;
    }

    /** Interrupts the command's thread, the in-process form of Ctrl-C, and waits for it to end. */
    public Cli.Result interrupt() {
        thread.interrupt();
        return awaitExit();
    }

    /** Waits for the command to end by itself; fails when it does not in time. */
    public Cli.Result awaitExit() {
        try {
            boolean ended = thread.join(OutputRecorder.WAIT);
            assertThat(ended)
                    .as("the command ended within " + OutputRecorder.WAIT + "; printed:\n" + out.text() + "--- err:\n"
                            + err.text())
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Cli.Result(exitCode, out.text(), err.text());
    }

    /** Stops the command if it still runs: for a test that failed before stopping it. */
    public void stopIfRunning() {
        if (!thread.isAlive()) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
