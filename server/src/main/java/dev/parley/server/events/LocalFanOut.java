package dev.parley.server.events;

import dev.parley.api.MemberEvent;
import dev.parley.api.SessionDeletedEvent;
import dev.parley.api.SessionRenamedEvent;
import dev.parley.server.changes.SessionChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The fan-out of one server: streams indexed by the sessions they follow, so a message costs one
 * queue offer per stream of its session and nothing for the others. One lock guards the indexes;
 * under it nothing waits (offers to bounded queues only).
 */
final class LocalFanOut implements FanOut {

    private final Map<Long, Set<Subscription>> bySession = new HashMap<>();
    /** Streams of all of a user's sessions, by user: they follow the sessions the user joins. */
    private final Map<Long, Set<Subscription>> allSessionsByUser = new HashMap<>();

    private final StreamMeters meters;
    private boolean closed;

    LocalFanOut(StreamMeters meters) {
        this.meters = meters;
    }

    /**
     * A joining member's streams of all sessions start following the session before everyone's
     * streams are told, theirs included. A leaving member's and a deleted session's streams of all
     * sessions are told before they stop following it; a stream of that session alone is not (its
     * writer could take the event after its end), it just ends.
     */
    @Override
    public synchronized void publish(SessionChange event) {
        switch (event) {
            case SessionChange.MessagePosted posted ->
                deliver(posted.sessionId(), () -> EventFrames.message(posted.message()));
            case SessionChange.MessageChanged changed ->
                deliver(changed.sessionId(), () -> EventFrames.changed(changed));
            case SessionChange.MemberAdded added -> {
                for (Subscription stream : allSessionsByUser.getOrDefault(added.userId(), Set.of())) {
                    follow(stream, added.sessionId());
                }
                deliver(
                        added.sessionId(),
                        () -> EventFrames.notice(
                                "member_joined", new MemberEvent(added.sessionId(), added.userId(), added.email())));
            }
            case SessionChange.MemberRemoved removed -> {
                deliver(
                        removed.sessionId(),
                        () -> EventFrames.notice(
                                "member_left", new MemberEvent(removed.sessionId(), removed.userId(), removed.email())),
                        stream -> stream.followsAll() || stream.userId() != removed.userId());
                for (Subscription stream : streamsOf(removed.sessionId())) {
                    if (stream.userId() == removed.userId()) {
                        stopFollowing(stream, removed.sessionId(), Subscription.End.REMOVED);
                    }
                }
            }
            case SessionChange.SessionRenamed renamed ->
                deliver(
                        renamed.sessionId(),
                        () -> EventFrames.notice(
                                "session_renamed", new SessionRenamedEvent(renamed.sessionId(), renamed.title())));
            case SessionChange.SessionDeleted deleted -> {
                deliver(
                        deleted.sessionId(),
                        () -> EventFrames.notice("session_deleted", new SessionDeletedEvent(deleted.sessionId())),
                        Subscription::followsAll);
                for (Subscription stream : streamsOf(deleted.sessionId())) {
                    stopFollowing(stream, deleted.sessionId(), Subscription.End.SESSION_DELETED);
                }
            }
        }
    }

    @Override
    public synchronized void subscribe(Subscription stream) {
        if (closed) {
            if (stream.end(Subscription.End.SERVER_STOPPING)) {
                meters.ended(Subscription.End.SERVER_STOPPING);
            }
            return;
        }
        if (stream.followsAll()) {
            allSessionsByUser
                    .computeIfAbsent(stream.userId(), user -> new HashSet<>())
                    .add(stream);
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

    private void deliver(long sessionId, Supplier<Subscription.Frame> frame) {
        deliver(sessionId, frame, stream -> true);
    }

    /**
     * The frame is encoded once, and only when a stream takes it: this runs on the writer's thread
     * (SQLite), where encoding each post for no one cost 3 % of its time (benchmark/README.md).
     */
    private void deliver(long sessionId, Supplier<Subscription.Frame> frame, Predicate<Subscription> to) {
        Set<Subscription> streams = bySession.get(sessionId);
        if (streams == null) {
            return;
        }
        Subscription.Frame encoded = null;
        List<Subscription> behind = new ArrayList<>();
        for (Subscription stream : streams) {
            if (!to.test(stream)) {
                continue;
            }
            if (encoded == null) {
                encoded = frame.get();
            }
            if (!stream.offer(encoded)) {
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

    /** A stream of all sessions drops this one; a stream of only this session ends, saying {@code why}. */
    private void stopFollowing(Subscription stream, long sessionId, Subscription.End why) {
        if (stream.followsAll()) {
            stream.sessions().remove(sessionId);
            removeFromIndex(bySession, sessionId, stream);
        } else {
            end(stream, why);
        }
    }

    private void end(Subscription stream, Subscription.End end) {
        unsubscribe(stream);
        if (stream.end(end)) {
            meters.ended(end);
        }
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
