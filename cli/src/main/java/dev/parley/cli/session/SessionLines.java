package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.TerminalText;

/** What a person is told of a session made, in the same words by {@code sessions create} and the shell's /new. */
public final class SessionLines {

    private SessionLines() {}

    /** {@code Created session ID "TITLE"}. */
    public static String created(Session session) {
        return "Created session " + session.id() + " \"" + TerminalText.oneLine(session.title()) + "\"";
    }
}
