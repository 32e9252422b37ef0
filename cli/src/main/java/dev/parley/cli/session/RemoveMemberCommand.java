package dev.parley.cli.session;

import dev.parley.api.Member;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley sessions remove-member ID MEMBER}: the owner takes someone out of their session
 * ({@code DELETE /sessions/{id}/members/{user_id}}); MEMBER is an email, or a user id as
 * {@code sessions members} lists them.
 */
@Command(
        name = "remove-member",
        mixinStandardHelpOptions = true,
        description = "Remove someone from a session you own: they no longer read or post there, and"
                + " their live view of it ends. MEMBER is their email or their user id"
                + " ('parley sessions members ID' lists both). To leave a session yourself, use"
                + " 'parley sessions leave'.",
        footer = {
            "",
            "Exit codes: 1 when you do not own the session; 4 when the session or the member is not" + " found.",
            "",
            "Example:",
            "  parley sessions remove-member 12 bob@example.com"
        })
public final class RemoveMemberCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Parameters(index = "1", paramLabel = "MEMBER", description = "Their email, or their user id.")
    private String member;

    /** What {@code --json} prints: the API answers a removal with no body. */
    record Removed(long id, long userId, String email, boolean removed) {}

    @Override
    public Integer call() {
        ParleyClient client = command.connection().client();
        Member removed = find(client);
        client.removeMember(id, removed.userId());
        PrintWriter out = command.out();
        JsonOutput.printResult(
                out,
                command.json(),
                new Removed(id, removed.userId(), removed.email(), true),
                "Removed " + TerminalText.oneLine(removed.email()) + " from session " + id);
        return ExitCode.OK;
    }

    /** The member MEMBER names, from the session's member list: its ids are what the API takes. */
    private Member find(ParleyClient client) {
        String wanted = member.strip();
        String email = wanted.toLowerCase(Locale.ROOT);
        return client.members(id).members().stream()
                .filter(candidate -> Long.toString(candidate.userId()).equals(wanted)
                        || candidate.email().toLowerCase(Locale.ROOT).equals(email))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(
                        ExitCode.NOT_FOUND,
                        TerminalText.oneLine(wanted) + " is not in session " + id + " ('parley sessions members " + id
                                + "' lists who is)",
                        null));
    }
}
