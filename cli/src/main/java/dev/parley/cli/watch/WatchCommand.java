package dev.parley.cli.watch;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.MessageEvent;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.StreamEnd;
import dev.parley.cli.credentials.CredentialsException;
import dev.parley.cli.message.MessageLine;
import dev.parley.cli.message.Quotes;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.OutboxReport;
import dev.parley.cli.outbox.OutboxSender;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.utils.Signals;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code parley watch SESSION} and {@code parley watch --all}: prints messages as they are posted,
 * until Ctrl-C (exit code 0) or until the session is gone for the user (4) or the login is (3).
 * Through a {@link MessageFollower}, so a server restart or a broken connection costs nothing:
 * it reconnects by itself and resumes after the last message event it printed.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Print a session's messages as they are posted, as 'parley history' does (with"
                    + " --all: of every session you are in, each line after the session's #id), until Ctrl-C."
                    + " A message edited or deleted meanwhile is printed again as it now is, marked (edited)"
                    + " or (deleted). With --json, one document per line, each flushed at once, for pipes: the"
                    + " Message, after \"event\": \"message\" for a new one, \"message_edited\" or"
                    + " \"message_deleted\" (its text null) for a change.",
            "A broken connection or a restarting server is waited for (0.5 s, doubling up to 5 s) and"
                    + " the watch resumes after the last message it printed: none is lost or printed twice."
                    + " When the server ends the stream it says why: an expired access token is renewed and the"
                    + " watch resumes at once, unseen; a stopping server or a stream that fell behind is said"
                    + " in one line on standard error, and the watch reconnects.",
            "Whenever it connects, messages you wrote while the server was unreachable (the outbox) are"
                    + " sent first, oldest first, each told on standard error."
        },
        footer = {
            "",
            "Exit codes: 0 after Ctrl-C, or as soon as what reads the output has gone (also in a quiet"
                    + " session); 2 usage error;"
                    + " 3 when the login is rejected and cannot be renewed, or is logged out while watching; 4 when"
                    + " the session is deleted or you leave or are removed from it (or it never was yours), said"
                    + " in one line. An unreachable server is retried for as long as it takes.",
            "",
            "Examples:",
            "  parley watch 12",
            "  parley watch 12 --json | jq -r 'select(.event == \"message\") | .text'",
            "  parley watch --all --exec 'notify-send Parley \"$(jq -r .text)\"'",
            "  parley watch 12 --since 340"
        })
public final class WatchCommand implements Callable<Integer> {

    /** A day: a hook allowed longer is one that hangs. */
    private static final long MAX_EXEC_TIMEOUT = 86_400;

    @Mixin
    private CommandContext command;

    @ArgGroup(multiplicity = "1")
    private Target target;

    /** A session, or all of them: one is required. */
    static final class Target {
        @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
        Long session;

        @Option(names = "--all", required = true, description = "Every session you are in, those you join later too.")
        boolean all;
    }

    @Option(
            names = "--since",
            paramLabel = "ID",
            description = "Start after message ID: print what came after it first, the messages posted after it and"
                    + " the edits and deletions made since it was posted (default: only what happens from"
                    + " now on).")
    private Long since;

    @Option(
            names = "--ids",
            description = "Show each message's id after its time, [2026-11-26 04:00 #340], the id that"
                    + " edit, delete and --reply-to take.")
    private boolean ids;

    @Option(
            names = "--exec",
            paramLabel = "CMD",
            description = "Run CMD with 'sh -c' for each new message, the Message's JSON on its standard"
                    + " input, one at a time, in a process group of its own; a failing CMD is reported on standard"
                    + " error and the watch goes on. Edits and deletions do not run it: a notification or an"
                    + " archive would otherwise fire for every correction.")
    private String exec;

    @Option(
            names = "--exec-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "Kill an --exec CMD (its whole process group) that runs longer than this, saying so on"
                    + " standard error, and go on (default: ${DEFAULT-VALUE}). A CMD still running when the watch"
                    + " ends is killed too.")
    private long execTimeout;

    @Override
    public Integer call() throws InterruptedException {
        Connection connection = command.connection();
        ParleyClient client = connection.client();
        Long session = target.all ? null : target.session;
        MessageFollower follower = since != null
                ? new MessageFollower(client, session, since)
                : MessageFollower.fromNow(
                        client,
                        session,
                        MessageFollower.newestId(client, session),
                        connection.clock().instant());
        PrintWriter out = command.out();
        PrintWriter err = command.err();
        if (execTimeout < 1 || execTimeout > MAX_EXEC_TIMEOUT) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "--exec-timeout must be 1 to " + MAX_EXEC_TIMEOUT + " seconds, not " + execTimeout);
        }
        ExecHook hook = exec == null ? null : new ExecHook(exec, Duration.ofSeconds(execTimeout), out, err);
        Runnable stop = () -> {
            follower.stop();
            if (hook != null) {
                hook.stop();
            }
        };
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread following = Thread.ofVirtual().name("parley-watch").start(() -> {
            try {
                OutboxSender outbox = new OutboxSender(
                        connection, Outbox.locate(command.environment().variables()));
                follower.run(new Printer(
                        out,
                        err,
                        connection.clock().getZone(),
                        new Quotes(client, Integer.MAX_VALUE),
                        hook,
                        stop,
                        outbox));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        Object previousHandler = null;
        Thread onExit = null;
        if (ownsTheProcess()) {
            previousHandler = Signals.register("INT", stop);
            // Killed by SIGTERM or SIGHUP: the hooks' process groups go with the watch all the same.
            onExit = new Thread(stop, "parley-watch-exit");
            Runtime.getRuntime().addShutdownHook(onExit);
            ReaderGone.whenStandardOutputCloses(stop);
        }
        try {
            following.join();
        } catch (InterruptedException e) {
            // The thread running the command was interrupted: the in-process form of Ctrl-C.
            stop.run();
            following.join();
        } finally {
            if (previousHandler != null) {
                Signals.unregister("INT", previousHandler);
            }
            if (onExit != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down (SIGTERM): the hook is running or has run.
                }
            }
        }
        RuntimeException e = failure.get();
        if (e == null) {
            return ExitCode.OK;
        }
        if (e instanceof ApiFailure f && f.kind() == ApiFailure.Kind.NOT_FOUND && follower.connected()) {
            String what = session == null ? "the watch" : "the watch of session " + session;
            throw new CommandFailure(ExitCode.NOT_FOUND, what + " ended: " + f.getMessage(), f);
        }
        throw e;
    }

    /**
     * Whether this command is the process's own (its standard input is the process's), so Ctrl-C is
     * its to take; a command run inside another program, a test say, leaves the signal alone.
     */
    private boolean ownsTheProcess() {
        return command.environment().stdin() == System.in;
    }

    /**
     * Prints each message event, one flushed line (or JSON document), then runs the {@code --exec}
     * command for a new message.
     */
    private final class Printer implements MessageFollower.Listener {

        private final PrintWriter out;
        private final PrintWriter err;
        private final ZoneId zone;
        private final Quotes quotes;
        /** As history prints messages, replies quoting what they answer. */
        private final MessageLine lines;

        private final ExecHook hook;
        private final Runnable stop;
        private final OutboxSender outbox;
        private boolean retried;

        Printer(
                PrintWriter out,
                PrintWriter err,
                ZoneId zone,
                Quotes quotes,
                ExecHook hook,
                Runnable stop,
                OutboxSender outbox) {
            this.out = out;
            this.err = err;
            this.zone = zone;
            this.quotes = quotes;
            this.lines = MessageLine.of(zone, command.palette()).withIds(ids).withQuotes(quotes);
            this.hook = hook;
            this.stop = stop;
            this.outbox = outbox;
        }

        @Override
        public void message(MessageEvent event) {
            Message message = event.message();
            if (command.json()) {
                JsonOutput.print(out, WatchJson.of(event));
            } else {
                String line = lines.line(message);
                out.println(target.all ? "#" + message.sessionId() + " " + line : line);
                out.flush();
            }
            quotes.remember(message);
            if (outputGone()) {
                stop.run();
                return;
            }
            // A hook is for what is new (a notification, an archive): not for every correction.
            if (hook != null && event.kind() == MessageEvent.Kind.POSTED) {
                hook.run(message);
            }
        }

        /**
         * Whether the output can no longer be written, as when {@code parley watch | head -1} has its
         * line: the watch ends (exit code 0) instead of printing into nothing forever. The process's
         * standard output is asked too, as picocli's writer on it does not pass on its errors.
         */
        private boolean outputGone() {
            return out.checkError() || (ownsTheProcess() && System.out.checkError());
        }

        /** On standard error, so that a pipe of the output gets messages only. */
        @Override
        public void connected(boolean first) {
            if (first) {
                err.println("Watching " + (target.all ? "all your sessions" : "session " + target.session)
                        + "; Ctrl-C stops");
            } else if (retried) {
                err.println("Connected again; what was posted meanwhile follows");
            }
            retried = false;
            err.flush();
            sendWhatWaited();
        }

        /**
         * The server answers: messages this account wrote while it did not are sent now, oldest first,
         * each told on standard error (the watch then prints them as the session's messages). One
         * that still cannot be sent is said in one line and stays in the outbox.
         */
        private void sendWhatWaited() {
            if (!outbox.hasPending()) {
                return;
            }
            try {
                outbox.drain(new OutboxReport(err, false, "sent from the outbox: ", err, command.palette(), zone));
            } catch (CommandFailure | ApiFailure | CredentialsException e) {
                err.println(command.palette().errorPrefix() + " " + TerminalText.oneLine(e.getMessage()));
            }
            err.flush();
        }

        @Override
        public void retrying(ApiFailure failure, Duration wait) {
            retried = true;
            err.printf(
                    "%s %s; trying again in %s%n",
                    command.palette().errorPrefix(), TerminalText.oneLine(failure.getMessage()), seconds(wait));
            err.flush();
        }

        @Override
        public void ended(StreamEnd end, Duration wait) {
            retried = true;
            err.printf(
                    "parley: the server ended the stream: %s; reconnecting in %s%n", end.description(), seconds(wait));
            err.flush();
        }

        private static String seconds(Duration wait) {
            return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() / 1000.0 + " s";
        }
    }
}
