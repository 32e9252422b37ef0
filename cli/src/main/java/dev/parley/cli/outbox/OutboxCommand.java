package dev.parley.cli.outbox;

import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley outbox}: the sends still waiting to be delivered, of every server unless
 * {@code --server} is given on the command line ({@code PARLEY_SERVER} does not filter: a pending
 * send to another server should not go unnoticed).
 */
@Command(
        name = "outbox",
        mixinStandardHelpOptions = true,
        subcommands = FlushCommand.class,
        description = {
            "List the messages 'parley send' could not deliver yet, oldest first:"
                    + " 'local time  server  account  session ID  first line of the text'. All servers', or only"
                    + " those of --server when it is given. With --json, one entry per line"
                    + " (server, account, session_id, text, idempotency_key, created_at). A message is only"
                    + " ever sent as the account that wrote it.",
            "They are kept in $XDG_CONFIG_HOME/parley/outbox/ (default ~/.config/parley/outbox/),"
                    + " one file per message; 'parley outbox flush' delivers them."
        },
        footer = {
            "",
            "Examples:",
            "  parley outbox",
            "  parley outbox --json",
            "  parley outbox flush --server https://chat.example.com"
        })
public final class OutboxCommand implements Callable<Integer> {

    private static final String SEPARATOR = "  ";

    @Mixin
    private CommandContext command;

    @Override
    public Integer call() {
        Outbox outbox = Outbox.locate(command.environment().variables());
        List<PendingSend> pending = GlobalOptions.serverGiven(command.spec())
                ? outbox.list(command.global().server())
                : outbox.list();
        PrintWriter out = command.out();
        ZoneId zone = command.environment().clock().getZone();
        for (PendingSend send : pending) {
            if (command.json()) {
                JsonOutput.print(out, send);
            } else {
                out.println(line(send, zone));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    static String line(PendingSend send, ZoneId zone) {
        return TextOutput.localTime(send.createdAt(), zone) + SEPARATOR + send.server() + SEPARATOR
                + (send.account() == null ? "(no account)" : TerminalText.oneLine(send.account())) + SEPARATOR
                + "session " + send.sessionId()
                + SEPARATOR + TerminalText.oneLine(send.firstLine());
    }
}
