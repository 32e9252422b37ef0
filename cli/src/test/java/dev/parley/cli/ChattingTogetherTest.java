package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two people chatting through the CLI against the real server: Alice invites Bob; she types in the
 * shell, he watches; what each posts reaches the other live; Bob leaves, and his watch ends.
 */
class ChattingTogetherTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path bobsHome;

    @Test
    void inviteChatLiveLeaveAndLoseAccess() throws IOException {
        Cli alice = cli;
        Cli bob = Cli.in(bobsHome, server.baseUri().toString());
        String aliceEmail = alice.newLogin(PASSWORD);
        String bobEmail = bob.newLogin(PASSWORD);
        Result created = alice.run("sessions", "create", "Weekend plans", "--json");
        String id = Long.toString(created.json().get("id").asLong());
        Result invited = alice.run("sessions", "invite", id, bobEmail);
        assertThat(invited.exitCode()).as(invited.toString()).isZero();

        RunningCommand watch = bob.start(new ByteArrayInputStream(new byte[0]), "watch", id);
        PipedInputStream typed = new PipedInputStream(64 * 1024);
        try (PipedOutputStream keyboard = new PipedOutputStream(typed)) {
            RunningCommand shell = alice.start(typed, "open", id);
            try {
                watch.err().awaitText("Watching session " + id);
                shell.out().awaitText(aliceEmail + " #" + id + " Weekend plans> ");

                keyboard.write("Hiking on Saturday?\n".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
                assertThat(watch.out().assertLine()).endsWith(aliceEmail + ": Hiking on Saturday?");
                // Watching is not reading: Alice's message waits in Bob's unread list (until he posts).
                assertThat(bob.run("unread").out()).containsPattern("(?m)^" + id + " +Weekend plans +1$");

                Result replied = bob.run("send", id, "Sure, 9 am at the station");
                assertThat(replied.exitCode()).as(replied.toString()).isZero();
                shell.out().awaitText(bobEmail + ": Sure, 9 am at the station");
                assertThat(watch.out().assertLine()).endsWith(bobEmail + ": Sure, 9 am at the station");

                Result left = bob.run("sessions", "leave", id);
                assertThat(left.exitCode()).as(left.toString()).isZero();
                Result ended = watch.awaitExit();
                assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(4);
                assertThat(ended.err().lines().filter(line -> line.startsWith("parley: ")))
                        .singleElement()
                        .asString()
                        .contains("session " + id)
                        .endsWith("you left or were removed from the session");
                assertThat(bob.run("history", id).exitCode()).isEqualTo(4);
                assertThat(bob.run("send", id, "still here?").exitCode()).isEqualTo(4);

                keyboard.write("/members\n/quit\n".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
                Result aliceShell = shell.awaitExit();
                assertThat(aliceShell.exitCode()).as(aliceShell.toString()).isZero();
                assertThat(aliceShell.out())
                        .containsPattern("(?m)^" + aliceEmail + " +owner ")
                        .doesNotContainPattern("(?m)^" + bobEmail + " +member ");
            } finally {
                shell.stopIfRunning();
                watch.stopIfRunning();
            }
        }
    }
}
