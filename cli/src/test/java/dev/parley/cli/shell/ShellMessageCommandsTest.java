package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell's message commands against the real server: /search, /edit, /delete and /reply. */
class ShellMessageCommandsTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    private String email;
    private long session;

    @BeforeEach
    void setUp() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Plans").id();
    }

    @Test
    void searchFindsMessagesInEverySessionWithTheirIds() {
        long other = client().createSession("Other").id();
        Message map = post(session, "bring the map");
        post(other, "the map is in the car");

        Result shell = cli.runWithStdin("/search map\n/search\n");

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(shell.out())
                .containsPattern("#" + session + " \"Plans\" \\[[-0-9: ]+ #" + map.id() + "\\] " + Pattern.quote(email)
                        + ": bring the \\*map\\*\n")
                .containsPattern("#" + other + " \"Other\" .*: the \\*map\\* is in the car\n")
                .contains("parley: usage: /search QUERY");
    }

    private Message post(long in, String text) {
        return client().postMessage(in, text, UUID.randomUUID().toString());
    }
}
