package dev.parley.cli.shell;

import dev.parley.api.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How many messages are unread in the sessions that are not open, for the prompt's compact
 * indicator: {@code [#7 +3, #9 +1]}. Counts start from the server's (at every connection) and grow
 * with the live messages of others; opening a session clears its count.
 */
final class UnreadElsewhere {

    /** Sessions named in the indicator; the rest are summed up as {@code +N more}. */
    private static final int SHOWN = 3;

    private final Map<Long, Long> counts = new TreeMap<>();

    /** Starts over from the server's counts; the open session's is not counted. */
    synchronized void reset(List<Session> sessions, Long openId) {
        counts.clear();
        for (Session session : sessions) {
            if (session.unreadCount() > 0 && !Long.valueOf(session.id()).equals(openId)) {
                counts.put(session.id(), session.unreadCount());
            }
        }
    }

    synchronized void add(long sessionId) {
        counts.merge(sessionId, 1L, Long::sum);
    }

    synchronized void clear(long sessionId) {
        counts.remove(sessionId);
    }

    /** {@code [#7 +3, #9 +1]}, or empty when nothing is unread elsewhere. */
    synchronized String indicator() {
        if (counts.isEmpty()) {
            return "";
        }
        String named = counts.entrySet().stream()
                .limit(SHOWN)
                .map(entry -> "#" + entry.getKey() + " +" + entry.getValue())
                .collect(Collectors.joining(", "));
        int more = counts.size() - SHOWN;
        return "[" + named + (more > 0 ? ", " + more + " more" : "") + "]";
    }
}
