package dev.parley.cli.shell;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.MessageEvent;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.StreamEnd;
import dev.parley.cli.client.StreamNotice;
import dev.parley.cli.message.MessageHistory;
import dev.parley.cli.watch.MessageFollower;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jline.reader.LineReader;

/**
 * What happens around the shell, live, through one stream of all the user's sessions
 * ({@link MessageFollower}, reconnecting by itself): the open session's messages as they are
 * posted, edited and deleted (its {@link Transcript}), joins, leaves, renames and deletion, printed
 * above the prompt ({@link LineReader#printAbove}) so that what the user is typing stays as it is,
 * and a count of what is unread in the other sessions for the prompt. At every connection (the
 * first included: the shell may start while the server is down) the open session and the unread
 * counts are read again, as the stream does not replay what happened to sessions while it was away.
 */
final class LiveFeed implements AutoCloseable {

    private final ParleyClient client;
    private final LineReader reader;
    private final Palette palette;
    private final String me;
    private final Runnable promptChanged;
    private final Runnable reachable;
    private final UnreadElsewhere unread = new UnreadElsewhere();
    private final Transcript transcript;
    private final Clock clock;
    /** Made by {@link #start}. */
    private volatile MessageFollower follower;

    private Thread following;
    /** The open session; written under {@code this}, read anywhere. */
    private volatile Session current;
    /** A session to open once the server answers: the shell started while it was down. */
    private volatile Long toOpen;
    /** A session the shell itself is deleting or leaving: its end is the command's to tell. */
    private volatile Long ending;
    /** A title the shell itself is giving the open session: the command tells it. */
    private volatile String retitling;

    /**
     * {@code me} is the user's email; {@code promptChanged} runs when the open session or the unread
     * counts change, {@code reachable} each time the stream connects, on the stream's thread.
     */
    LiveFeed(
            ParleyClient client,
            LineReader reader,
            Clock clock,
            Palette palette,
            String me,
            Runnable promptChanged,
            Runnable reachable) {
        this.client = client;
        this.reader = reader;
        this.palette = palette;
        this.transcript = new Transcript(client, reader, clock.getZone(), palette);
        this.me = me;
        this.promptChanged = promptChanged;
        this.reachable = reachable;
        this.clock = clock;
    }

    /**
     * Starts following from the newest message there is now, read here, before the shell opens its
     * session: what is posted while that session's history is read then comes live as well (the
     * transcript shows it once), and nothing falls between the two reads. Read on the follower's
     * thread instead, the newest message could be one posted after the history was read, and the
     * stream would start past it. While the server does not answer, from where it first does.
     */
    void start() {
        MessageFollower from;
        try {
            from = MessageFollower.fromNow(client, null, MessageFollower.newestId(client, null), clock.instant());
        } catch (ApiFailure e) {
            // Down, or refusing: the follower finds where now is when it answers, or reports the refusal.
            from = MessageFollower.fromNow(client, null, clock.instant());
        }
        follower = from;
        following = Thread.ofVirtual().name("parley-shell-feed").start(this::follow);
    }

    Optional<Session> current() {
        return Optional.ofNullable(current);
    }

    /** {@code [#7 +3, #9 +1]}: unread messages in the other sessions; empty when none. */
    String unreadElsewhere() {
        return unread.indicator();
    }

    /**
     * Makes {@code session} the open one: shows its {@code recent} latest messages, or every unread
     * one when they are more ({@link MessageHistory#opening}), and marks what it showed read; from
     * then on its new messages are shown as they come.
     */
    void open(Session session, int recent) {
        MessageHistory history = new MessageHistory(client);
        MessageHistory.Reading reading;
        synchronized (this) {
            current = session;
            toOpen = null;
            transcript.clear();
            unread.clear(session.id());
            reading = history.opening(session.id(), recent);
            reading.messages().forEach(transcript::show);
        }
        history.markRead(reading);
        promptChanged.run();
    }

    /** Opens session {@code id} as soon as the server answers. */
    void openWhenReachable(long id) {
        toOpen = id;
    }

    /** No session is open any more. */
    synchronized void close(long id) {
        if (current != null && current.id() == id) {
            current = null;
        }
        promptChanged.run();
    }

    /** The shell is about to delete or leave session {@code id} (null: it no longer is): it tells that itself. */
    void ending(Long id) {
        ending = id;
    }

    /** The shell is about to give the open session {@code title} (null: no longer). */
    void retitling(String title) {
        retitling = title;
    }

    /** The open session as the server has it now, after the shell renamed it. */
    synchronized void renamed(Session session) {
        if (current != null && current.id() == session.id()) {
            current = session;
        }
        promptChanged.run();
    }

    /** Prints {@code message} above the prompt, unless it (or a later version of it) was shown already. */
    void show(Message message) {
        transcript.show(message);
    }

    /** Stops following; returns once nothing more can be printed. */
    @Override
    public void close() {
        MessageFollower started = follower;
        if (started != null) {
            started.stop();
        }
        if (following == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                following.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        try {
            follower.run(new MessageFollower.Listener() {
                private boolean lost;

                @Override
                public void message(MessageEvent event) {
                    arrived(event);
                }

                @Override
                public void notice(StreamNotice notice) {
                    told(notice);
                }

                @Override
                public void connected(boolean first) {
                    if (lost) {
                        say("(live messages are back)");
                    }
                    lost = false;
                    catchUp();
                }

                @Override
                public void retrying(ApiFailure failure, Duration wait) {
                    paused(failure.getMessage());
                }

                @Override
                public void ended(StreamEnd end, Duration wait) {
                    paused(end.description());
                }

                private void paused(String why) {
                    if (!lost) {
                        reader.printAbove(
                                Shell.errorLine(palette, "live messages paused: " + why + "; reconnecting by itself"));
                    }
                    lost = true;
                }
            });
        } catch (ApiFailure e) {
            reader.printAbove(Shell.errorLine(palette, "no more live messages: " + e.getMessage()));
        }
    }

    /**
     * A message posted, edited or deleted: in the open session it is shown (a new one counts as
     * read); elsewhere a new one of someone else's counts as unread. Changes elsewhere are not
     * told: the session shows them when it is opened.
     */
    private void arrived(MessageEvent event) {
        Message message = event.message();
        boolean posted = event.kind() == MessageEvent.Kind.POSTED;
        Session open = current;
        if (open != null && open.id() == message.sessionId()) {
            show(message);
            if (posted) {
                markRead(message.sessionId(), message.id());
            }
        } else if (posted && !message.userEmail().equalsIgnoreCase(me)) {
            unread.add(message.sessionId());
            promptChanged.run();
        }
    }

    private void told(StreamNotice notice) {
        Session open = current;
        boolean isOpen = open != null && open.id() == notice.sessionId();
        switch (notice) {
            case StreamNotice.Joined joined -> {
                if (isOpen) {
                    say(TerminalText.oneLine(joined.member().email()) + " joined");
                } else if (joined.member().email().equalsIgnoreCase(me)) {
                    say("You were added to session " + notice.sessionId() + titleOf(notice.sessionId()) + "; /open "
                            + notice.sessionId() + " opens it");
                }
            }
            case StreamNotice.Left left -> {
                boolean mine = left.member().email().equalsIgnoreCase(me);
                if (mine) {
                    unread.clear(notice.sessionId());
                }
                if (isOpen && mine) {
                    gone(notice.sessionId(), "you are no longer in session " + notice.sessionId());
                } else if (isOpen) {
                    say(TerminalText.oneLine(left.member().email()) + " left");
                }
            }
            case StreamNotice.Renamed renamed -> {
                if (isOpen) {
                    retitle(open, renamed.rename().title());
                }
            }
            case StreamNotice.Deleted deleted -> {
                unread.clear(notice.sessionId());
                if (isOpen) {
                    gone(notice.sessionId(), "session " + notice.sessionId() + " was deleted");
                }
            }
        }
        promptChanged.run();
    }

    /**
     * After a (re)connection: what happened while the stream was away. The open session's title,
     * or its end; the unread counts; the session to open; then the outbox.
     */
    private void catchUp() {
        try {
            Session open = current;
            if (open != null) {
                try {
                    Session now = client.session(open.id());
                    if (!now.title().equals(open.title())) {
                        retitle(open, now.title());
                    }
                } catch (ApiFailure e) {
                    if (e.kind() != ApiFailure.Kind.NOT_FOUND) {
                        throw e;
                    }
                    gone(open.id(), "session " + open.id() + " is gone (deleted, or you were removed)");
                }
            }
            Long pending = toOpen;
            if (pending != null) {
                open(client.session(pending), SlashCommands.RECENT);
            }
            unread.reset(client.allSessions(), current == null ? null : current.id());
            promptChanged.run();
            reachable.run();
        } catch (ApiFailure e) {
            reader.printAbove(Shell.errorLine(palette, e.getMessage()));
        }
    }

    private synchronized void retitle(Session open, String title) {
        if (current == null || current.id() != open.id() || current.title().equals(title)) {
            return;
        }
        current = new Session(
                open.id(),
                title,
                open.userId(),
                open.createdAt(),
                open.lastMessageAt(),
                open.memberCount(),
                open.lastReadId(),
                open.unreadCount());
        if (!title.equals(retitling)) {
            say("Session " + open.id() + " is now \"" + TerminalText.oneLine(title) + "\"");
        }
    }

    /** The open session is no longer the user's: says why, unless the shell is ending it itself. */
    private synchronized void gone(long id, String why) {
        if (current == null || current.id() != id) {
            return;
        }
        current = null;
        if (!Long.valueOf(id).equals(ending)) {
            say(why + "; it is closed (/sessions lists yours)");
        }
    }

    private String titleOf(long sessionId) {
        try {
            return " \"" + TerminalText.oneLine(client.session(sessionId).title()) + "\"";
        } catch (ApiFailure e) {
            return "";
        }
    }

    private void say(String line) {
        reader.printAbove("* " + line);
    }

    /** The user has seen it; a marker that does not move is no reason to disturb the chat. */
    private void markRead(long sessionId, long messageId) {
        try {
            client.markRead(sessionId, messageId);
        } catch (ApiFailure e) {
            // The next message, /open or history moves it.
        }
    }
}
