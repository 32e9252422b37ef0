package dev.parley.cli.shell;

import dev.parley.cli.Cli;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.RunningCommand;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alice (the base class's {@code cli}) and Bob, each logged in with a home of their own, members of
 * one session "Team" that Alice owns, and the shell a test starts: it reads from a pipe the test
 * types into, through a dumb terminal.
 */
abstract class TwoPeopleInAShell extends CliAgainstServer {

    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path otherHome;

    Cli bob;
    String aliceEmail;
    String bobEmail;
    long session;
    RunningCommand shell;
    private PipedOutputStream keyboard;

    @BeforeEach
    void meetInATeam() {
        aliceEmail = cli.newLogin(PASSWORD);
        bob = Cli.in(otherHome, server.baseUri().toString());
        bobEmail = bob.newLogin(PASSWORD);
        session = client().createSession("Team").id();
        client().addMember(session, bobEmail);
    }

    @AfterEach
    void stopShell() throws IOException {
        if (shell != null) {
            keyboard.close();
            shell.stopIfRunning();
        }
    }

    /** Starts {@code parley ARGS} as {@code as}, reading what {@link #type} types. */
    void startShell(Cli as, String... args) throws IOException {
        PipedInputStream typed = new PipedInputStream(64 * 1024);
        keyboard = new PipedOutputStream(typed);
        shell = as.start(typed, args);
    }

    void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** The session's id, as commands take it. */
    String id() {
        return Long.toString(session);
    }
}
