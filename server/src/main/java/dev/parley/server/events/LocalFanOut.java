package dev.parley.server.events;

import dev.parley.server.changes.SessionChange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fan-out of one server: streams indexed by the sessions they follow, so a message costs one
 * queue offer per stream of its session and nothing for the others. One lock guards the indexes;
 * under it nothing waits (offers to bounded queues only).
 */
final class LocalFanOut implements FanOut {

    private final Map<Long, Set<Subscription>> bySession = new HashMap<>();
    /** Streams of all of a user's sessions, by user: they follow the sessions the user joins. */
    private final Map<Long, Set<Subscription>> allSessionsByUser = new HashMap<>();
    private boolean closed;

    @Override
    public synchronized void publish(SessionChange event) {
        switch (event) {
            case SessionChange.MessagePosted posted -> deliver(posted);
            case SessionChange.MemberAdded added -> {
                for (Subscription stream : allSessionsByUser.getOrDefault(added.userId(), Set.of())) {
                    follow(stream, added.sessionId());
                }
            }
            case SessionChange.MemberRemoved removed -> {
                for (Subscription stream : streamsOf(removed.sessionId())) {
                    if (stream.userId() == removed.userId()) {
                        stopFollowing(stream, removed.sessionId());
                    }
                }
            }
            case SessionChange.SessionDeleted deleted -> {
                for (Subscription stream : streamsOf(deleted.sessionId())) {
                    stopFollowing(stream, deleted.sessionId());
                }
            }
        }
    }

    @Override
    public synchronized void subscribe(Subscription stream) {
        if (closed) {
            stream.end(Subscription.End.SERVER_STOPPING);
            return;
        }
        if (stream.followsAll()) {
            allSessionsByUser.computeIfAbsent(stream.userId(), user -> new HashSet<>()).add(stream);
        }
        for (long sessionId : stream.sessions()) {
            bySession.computeIfAbsent(sessionId, id -> new HashSet<>()).add(stream);
        }
    }

    @Override
    public synchronized void unsubscribe(Subscription stream) {
        for (long sessionId : stream.sessions()) {
            removeFromIndex(bySession, sessionId, stream);
        }
        stream.sessions().clear();
        if (stream.followsAll()) {
            removeFromIndex(allSessionsByUser, stream.userId(), stream);
        }
        // A stream whose client left may still have frames queued; their room goes back to the others.
        stream.dropQueued();
    }

    @Override
    public synchronized void endAll(Subscription.End why) {
        Set<Subscription> all = new HashSet<>();
        bySession.values().forEach(all::addAll);
        allSessionsByUser.values().forEach(all::addAll);
        for (Subscription stream : all) {
            end(stream, why);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        endAll(Subscription.End.SERVER_STOPPING);
    }

    /** How many streams are open; for the metrics and tests. */
    synchronized int openStreams() {
        Set<Subscription> all = new HashSet<>();
        bySession.values().forEach(all::addAll);
        allSessionsByUser.values().forEach(all::addAll);
        return all.size();
    }

    private void deliver(SessionChange.MessagePosted posted) {
        Set<Subscription> streams = bySession.get(posted.sessionId());
        if (streams == null) {
            return;
        }
        Subscription.Frame frame = EventFrames.message(posted.message());
        List<Subscription> behind = new ArrayList<>();
        for (Subscription stream : streams) {
            if (!stream.offer(frame)) {
                behind.add(stream);
            }
        }
        behind.forEach(stream -> end(stream, Subscription.End.FELL_BEHIND));
    }

    private void follow(Subscription stream, long sessionId) {
        if (stream.sessions().add(sessionId)) {
            bySession.computeIfAbsent(sessionId, id -> new HashSet<>()).add(stream);
        }
    }

    /** A stream of all sessions drops this one; a stream of only this session ends. */
    private void stopFollowing(Subscription stream, long sessionId) {
        if (stream.followsAll()) {
            stream.sessions().remove(sessionId);
            removeFromIndex(bySession, sessionId, stream);
        } else {
            end(stream, Subscription.End.ACCESS_ENDED);
        }
    }

    private void end(Subscription stream, Subscription.End end) {
        unsubscribe(stream);
        stream.end(end);
    }

    private List<Subscription> streamsOf(long sessionId) {
        return List.copyOf(bySession.getOrDefault(sessionId, Set.of()));
    }

    private static void removeFromIndex(Map<Long, Set<Subscription>> index, long key, Subscription stream) {
        Set<Subscription> streams = index.get(key);
        if (streams != null && streams.remove(stream) && streams.isEmpty()) {
            index.remove(key);
        }
    }
}
