package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.MESSAGE_IDS;

import dev.parley.api.Message;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One server's ear on {@value PostgresChanges#CHANNEL}: a thread with a connection of its own that
 * LISTENs, and delivers every server's committed changes in commit order. A new message is told by
 * its id only, and read here with every message up to it that this feed has not delivered.
 *
 * <p>Two nets catch what a notification might not bring: once a second, the messages committed a
 * second ago that no notification announced; after a lost connection, the messages missed meanwhile
 * and {@link Change.MaybeMissed}. See docs/architecture.md, "The PostgreSQL change feed".
 */
final class ChangeFeed implements AutoCloseable {

    private static final int PAGE = 500;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());

    private final SerialWriter.Connector connector;
    private final DSLContext reads;
    private final PostgresChanges changes;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    // The feed thread's only, after start.
    private long lastDelivered;
    private long horizon;
    private long nextTick;

    private ChangeFeed(SerialWriter.Connector connector, DSLContext reads, PostgresChanges changes)
            throws SQLException {
        this.connector = connector;
        this.reads = reads;
        this.changes = changes;
        this.connection = listen();
        // Listening first: whatever commits from here on is announced; nothing before is delivered.
        this.lastDelivered = lastMessageId();
        this.horizon = lastDelivered;
        this.nextTick = System.nanoTime() + TICK.toNanos();
        this.thread = Thread.ofPlatform().name("parley-changes").daemon(true).start(this::run);
    }

    /** Listens at once (so a database that cannot be reached fails the start) and starts the thread. */
    static ChangeFeed start(SerialWriter.Connector connector, DSLContext reads, PostgresChanges changes) {
        try {
            return new ChangeFeed(connector, reads, changes);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for changes: " + e.getMessage(), e);
        }
    }

    private Connection listen() throws SQLException {
        Connection listening = connector.connect();
        listening.setAutoCommit(true);
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + PostgresChanges.CHANNEL);
        }
        return listening;
    }

    private void run() {
        while (!closed) {
            try {
                if (connection == null) {
                    reconnect();
                }
                PGNotification[] notifications =
                        connection.unwrap(PGConnection.class).getNotifications((int) TICK.toMillis());
                deliver(notifications == null ? new PGNotification[0] : notifications);
                if (System.nanoTime() - nextTick >= 0) {
                    tick();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "lost the connection that listens for changes; reconnecting: " + e.getMessage());
                closeConnection();
                pause();
            }
        }
    }

    /** Delivers notifications in order; runs of new messages are read together. */
    private void deliver(PGNotification[] notifications) {
        long messagesUpTo = lastDelivered;
        long ownNumber = 0;
        for (PGNotification notification : notifications) {
            Optional<ChangeNotice> parsed = ChangeNotice.parse(notification.getParameter());
            if (parsed.isEmpty()) {
                continue;
            }
            ChangeNotice notice = parsed.get();
            if (notice.kind() == ChangeNotice.Kind.MESSAGE_POSTED) {
                messagesUpTo = Math.max(messagesUpTo, notice.id());
            } else {
                deliverMessagesUpTo(messagesUpTo);
                changes.deliver(notice.change());
            }
            if (notice.origin().equals(changes.origin())) {
                ownNumber = notice.number();
            }
        }
        deliverMessagesUpTo(messagesUpTo);
        if (ownNumber > 0) {
            changes.deliveredOwn(ownNumber);
        }
    }

    /** Delivers, in id order, every message after the last delivered up to {@code upTo}. */
    private void deliverMessagesUpTo(long upTo) {
        while (lastDelivered < upTo) {
            MessageRows.Page page = MessageRows.fetchPage(
                    MessageRows.select(reads)
                            .where(MESSAGES.ID.gt(lastDelivered))
                            .and(MESSAGES.ID.le(upTo))
                            .orderBy(MESSAGES.ID.asc()),
                    PAGE);
            for (Message message : page.messages()) {
                changes.deliver(new SessionChange.MessagePosted(message));
                lastDelivered = message.id();
            }
            if (!page.hasMore()) {
                // The rest of the range was deleted with its sessions before it could be read.
                lastDelivered = upTo;
            }
        }
    }

    /** Messages committed a tick ago that no notification announced are delivered now. */
    private void tick() {
        deliverMessagesUpTo(horizon);
        horizon = lastMessageId();
        nextTick = System.nanoTime() + TICK.toNanos();
    }

    private void reconnect() throws SQLException {
        Connection listening = listen();
        try {
            deliverMessagesUpTo(lastMessageId());
        } catch (RuntimeException e) {
            listening.close();
            throw e;
        }
        connection = listening;
        horizon = lastDelivered;
        changes.reconnected();
        changes.deliver(new Change.MaybeMissed());
        changes.deliveredAllCommitted();
        LOG.log(System.Logger.Level.INFO, "listening for changes again");
    }

    /** The highest message id committed so far. */
    private long lastMessageId() {
        return reads.select(MESSAGE_IDS.LAST_ID).from(MESSAGE_IDS).fetchSingle(MESSAGE_IDS.LAST_ID);
    }

    private void pause() {
        try {
            Thread.sleep(TICK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void closeConnection() {
        Connection lost = connection;
        connection = null;
        if (lost != null) {
            try {
                lost.close();
            } catch (SQLException e) {
                // It was lost already.
            }
        }
    }

    /** Whether the feed is listening now (not between a lost connection and the next). */
    boolean isListening() {
        return connection != null;
    }

    /** Stops listening; the thread ends at once (its connection is closed under it). */
    @Override
    public void close() {
        closed = true;
        Connection listening = connection;
        if (listening != null) {
            try {
                listening.abort(Runnable::run);
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
        thread.interrupt();
        try {
            thread.join(TICK.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
