package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.cli.TerminalText;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: the slash commands as the first word, and session ids, titles as descriptions, after {@code /open}. */
final class ShellCompleter implements Completer {

    private final Map<String, String> commands;
    private final Supplier<List<Session>> sessions;

    /** {@code commands}: name to description; {@code sessions}: the sessions to offer, asked on each completion. */
    ShellCompleter(Map<String, String> commands, Supplier<List<Session>> sessions) {
        this.commands = commands;
        this.sessions = sessions;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word();
        if (line.wordIndex() == 0 && (word.isEmpty() || word.startsWith("/"))) {
            commands.forEach((name, description) ->
                    candidates.add(new Candidate(name, name, null, description, null, null, true)));
        } else if (line.wordIndex() == 1 && line.words().getFirst().equals(SlashCommands.OPEN)) {
            for (Session session : sessions.get()) {
                String id = Long.toString(session.id());
                String title = TerminalText.oneLine(session.title());
                candidates.add(new Candidate(id, id, null, title, null, null, true));
            }
        }
    }
}
