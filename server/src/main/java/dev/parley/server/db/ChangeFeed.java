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
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One server's ear on {@value PostgresChanges#CHANNEL}: a thread with a connection of its own that
 * LISTENs, and delivers every server's committed changes in commit order. A change to a message is
 * told by the message's id (and for an edit or deletion its seq) only, and read here, a new message
 * with every message change up to it that this feed has not delivered: ids and seqs come from one
 * counter, and "delivered up to N" covers both.
 *
 * <p>This server's own new messages are not read: each is delivered as its writer told it (see {@link
 * PostgresChanges#takeToldPost}) once every change committed before it was.
 *
 * <p>Two nets catch what a notification might not bring: once a second, the message changes
 * committed a second ago that no notification announced; after a lost connection, those missed
 * meanwhile and {@link Change.MaybeMissed}. See docs/architecture.md, "The PostgreSQL change feed".
 *
 * <p>The feed reads on its own connection, planning each read for the ids it asks for: a plan kept
 * from when the table was small (a new database's first minute, before PostgreSQL first analyzes it)
 * read the whole table for every delivery, and its cost grew with every post (benchmark/README.md,
 * "On PostgreSQL"). A delivery reads the newest rows, past what any statistics know of, where a
 * plan made for values unknown guesses worst; planning each read is the smaller cost.
 */
final class ChangeFeed implements AutoCloseable {

    private static final int PAGE = 500;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());

    private final SerialWriter.Connector connector;
    private final Function<Connection, DSLContext> dslOf;
    private final PostgresChanges changes;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    /** Reads on {@link #connection}, or on the one being made while reconnecting; the feed thread's only. */
    private DSLContext reads;
    // The feed thread's only, after start.
    private long lastDelivered;
    private long horizon;
    private long nextTick;

    private ChangeFeed(
            SerialWriter.Connector connector, Function<Connection, DSLContext> dslOf, PostgresChanges changes)
            throws SQLException {
        this.connector = connector;
        this.dslOf = dslOf;
        this.changes = changes;
        this.connection = listen();
        this.reads = dslOf.apply(connection);
        // Listening first: whatever commits from here on is announced; nothing before is delivered.
        this.lastDelivered = lastMessageId();
        this.horizon = lastDelivered;
        this.nextTick = System.nanoTime() + TICK.toNanos();
        this.thread = Thread.ofPlatform().name("parley-changes").daemon(true).start(this::run);
    }

    /**
     * Listens at once (so a database that cannot be reached fails the start) and starts the thread;
     * {@code dslOf} wraps the feed's connection for its reads.
     */
    static ChangeFeed start(
            SerialWriter.Connector connector, Function<Connection, DSLContext> dslOf, PostgresChanges changes) {
        try {
            return new ChangeFeed(connector, dslOf, changes);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for changes: " + e.getMessage(), e);
        }
    }

    private Connection listen() throws SQLException {
        Connection listening = connector.connect();
        listening.setAutoCommit(true);
        try (Statement statement = listening.createStatement()) {
            statement.execute("SET plan_cache_mode = force_custom_plan");
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

    /**
     * Delivers notifications in order; runs of other servers' new messages are read together, this
     * server's own are delivered as told, and an edit or deletion is read after every message change
     * before it.
     */
    private void deliver(PGNotification[] notifications) {
        long messagesUpTo = lastDelivered;
        long ownNumber = 0;
        for (PGNotification notification : notifications) {
            Optional<ChangeNotice> parsed = ChangeNotice.parse(notification.getParameter());
            if (parsed.isEmpty()) {
                continue;
            }
            ChangeNotice notice = parsed.get();
            boolean own = notice.origin().equals(changes.origin());
            switch (notice.kind()) {
                case MESSAGE_POSTED -> {
                    Optional<SessionChange.MessagePosted> told =
                            own ? changes.takeToldPost(notice.number()) : Optional.empty();
                    if (told.isPresent()) {
                        deliverMessagesUpTo(notice.id() - 1);
                        deliverTold(told.get());
                    } else {
                        messagesUpTo = Math.max(messagesUpTo, notice.id());
                    }
                }
                case MESSAGE_EDITED, MESSAGE_DELETED -> {
                    deliverMessagesUpTo(notice.seq() - 1);
                    deliverChangeOfMessage(notice);
                }
                default -> {
                    deliverMessagesUpTo(messagesUpTo);
                    changes.deliver(notice.change());
                }
            }
            if (own) {
                ownNumber = notice.number();
            }
        }
        deliverMessagesUpTo(messagesUpTo);
        if (ownNumber > 0) {
            changes.deliveredOwn(ownNumber);
        }
    }

    /** Delivers a new message of this server's as it was told, unless a net delivered it already. */
    private void deliverTold(SessionChange.MessagePosted posted) {
        long id = posted.message().id();
        if (id > lastDelivered) {
            changes.deliver(posted);
            lastDelivered = id;
        }
    }

    /**
     * Delivers an edit or deletion, with the message as it is now read back (it may have changed
     * again since; that change is told next), unless a net delivered it already.
     */
    private void deliverChangeOfMessage(ChangeNotice notice) {
        if (notice.seq() <= lastDelivered) {
            return;
        }
        MessageRows.Page read = MessageRows.fetchPage(
                MessageRows.select(reads).where(MESSAGES.ID.eq(notice.id())).orderBy(MESSAGES.ID), 1);
        changes.readBack(read.messages().size());
        // A message gone with its session since is not delivered.
        read.messages().forEach(message -> changes.deliver(notice.messageChange(message)));
        lastDelivered = notice.seq();
    }

    /**
     * Delivers, in commit order, every change to a message after the last delivered up to
     * {@code upTo}: each message posted in that range (as it is now), and each message changed in that
     * range that was posted before it (as the edit or deletion it now shows; what it was before is
     * not known here). A message posted and then changed within the range is delivered once, as
     * posted, as it is now.
     */
    private void deliverMessagesUpTo(long upTo) {
        long from = lastDelivered;
        Field<Long> position = DSL.when(MESSAGES.ID.gt(from), MESSAGES.ID).otherwise(MESSAGES.SEQ);
        while (lastDelivered < upTo) {
            // seq <> id: the changed messages, the only ones seq is indexed for (V7 migration).
            MessageRows.SequencedPage page = MessageRows.fetchSequenced(
                    MessageRows.selectSequenced(reads)
                            .where(MESSAGES.ID
                                    .gt(from)
                                    .and(MESSAGES.ID.le(upTo))
                                    .or(MESSAGES.SEQ
                                            .ne(MESSAGES.ID)
                                            .and(MESSAGES.SEQ.gt(from))
                                            .and(MESSAGES.SEQ.le(upTo))))
                            .and(position.gt(lastDelivered))
                            .orderBy(position.asc()),
                    PAGE);
            changes.readBack(page.messages().size());
            for (MessageRows.Sequenced row : page.messages()) {
                Message message = row.message();
                if (message.id() > from) {
                    changes.deliver(new SessionChange.MessagePosted(message));
                    lastDelivered = message.id();
                } else {
                    changes.deliver(
                            message.deletedAt() != null
                                    ? new SessionChange.MessageDeleted(
                                            message, row.seq(), SessionChange.MessageChanged.UNKNOWN)
                                    : new SessionChange.MessageEdited(
                                            message, row.seq(), SessionChange.MessageChanged.UNKNOWN));
                    lastDelivered = row.seq();
                }
            }
            if (!page.hasMore()) {
                // The rest of the range was deleted with its sessions before it could be read.
                lastDelivered = upTo;
            }
        }
    }

    /** Message changes committed a tick ago that no notification announced are delivered now. */
    private void tick() {
        deliverMessagesUpTo(horizon);
        horizon = lastMessageId();
        nextTick = System.nanoTime() + TICK.toNanos();
    }

    private void reconnect() throws SQLException {
        Connection listening = listen();
        reads = dslOf.apply(listening);
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

    /** The highest message id (or seq) committed so far. */
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
