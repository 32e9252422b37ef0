package dev.parley.cli.watch;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.RunningCommand;
import dev.parley.cli.client.ParleyClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of {@code parley watch} against the real server starts from: a login with a
 * session of its own, watches started once their stream is open, and every watch a test started
 * stopped after it, so that a failed test leaves no watch running into the next.
 */
abstract class WatchAgainstServer extends CliAgainstServer {

    static final String PASSWORD = "correct horse battery";
    /** The time a printed message starts with. */
    static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] ";

    /** The home of a second user, for the tests that need someone else. */
    @TempDir
    Path otherHome;

    private final List<RunningCommand> running = new ArrayList<>();
    String email;
    long session;

    @BeforeEach
    void aLoginWithASession() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Live").id();
    }

    @AfterEach
    void stopWatches() {
        running.forEach(RunningCommand::stopIfRunning);
    }

    /** {@code parley watch ARGS} run as {@code as}, returned once it says it is watching. */
    RunningCommand watch(Cli as, String... args) {
        List<String> arguments = new ArrayList<>(List.of("watch"));
        arguments.addAll(List.of(args));
        RunningCommand watch = as.start(new ByteArrayInputStream(new byte[0]), arguments.toArray(String[]::new));
        running.add(watch);
        // Announced once the stream is open: from here on, nothing posted can be missed.
        watch.err().awaitText("Watching ");
        return watch;
    }

    /** Posts {@code text} to this test's session as its login. */
    Message post(String text) {
        return post(client(), session, text);
    }

    static Message post(ParleyClient client, long session, String text) {
        return client.postMessage(session, text, UUID.randomUUID().toString());
    }

    /** This test's session as the command line names it. */
    String id() {
        return Long.toString(session);
    }
}
