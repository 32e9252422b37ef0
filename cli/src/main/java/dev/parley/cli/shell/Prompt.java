package dev.parley.cli.shell;

import dev.parley.cli.TerminalText;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;

/**
 * The shell's prompt, {@code alice@example.com #1 Weekend plans [#4 +2]> }: the user, the open
 * session and the unread counts elsewhere, redrawn at once when the feed changes them.
 */
final class Prompt {

    private final String user;
    private final LineReader reader;
    private final boolean dumb;

    /** {@code user}: the email, which comes from the token and is made safe here. */
    Prompt(String user, LineReader reader, boolean dumb) {
        this.user = user;
        this.reader = reader;
        this.dumb = dumb;
    }

    /** The prompt as JLine takes it: a literal {@code %} doubled. */
    String text(LiveFeed feed) {
        // The email comes from the token, which the client cannot verify: no control characters reach the terminal.
        StringBuilder prompt = new StringBuilder(TerminalText.oneLine(user));
        feed.current()
                .ifPresent(current -> prompt.append(" #")
                        .append(current.id())
                        .append(' ')
                        .append(TerminalText.oneLine(current.title())));
        String unread = feed.unreadElsewhere();
        if (!unread.isEmpty()) {
            prompt.append(' ').append(unread);
        }
        // JLine expands %-sequences in prompts; a literal one is doubled.
        return prompt.append("> ").toString().replace("%", "%%");
    }

    /** The prompt as the terminal shows it. */
    String shown(LiveFeed feed) {
        return text(feed).replace("%%", "%");
    }

    /** The open session or the unread counts changed (on the feed's thread): the prompt follows at once. */
    void redraw(LiveFeed feed) {
        if (!(reader instanceof LineReaderImpl impl)) {
            return;
        }
        impl.setPrompt(text(feed)); // the prompt of the line being read; LineReader has no word for it
        if (dumb) {
            return; // the next prompt is printed afresh; a dumb terminal cannot redraw this one
        }
        try {
            reader.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException e) {
            // Not reading a line now: the next prompt is the new one.
        }
    }
}
