package dev.parley.cli.outbox;

import dev.parley.api.Message;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.credentials.CredentialsException;
import java.util.List;
import java.util.UUID;

/**
 * Sending through the outbox, for {@code parley send}, {@code outbox flush}, the shell and
 * {@code watch} alike. Every message is written to the {@link Outbox} first, with the account it
 * is written as; it is only ever sent with a login of that account. Whenever a send finds the
 * server reachable, the account's pending messages go first, oldest first, so that nothing queued
 * is overtaken.
 */
public final class OutboxSender {

    private static final String KEPT = "; the message is kept in the outbox (parley outbox flush sends it)";

    /** What became of the pending messages a drain went through. */
    public interface Listener {
        void delivered(PendingSend pending, Message message);

        void dropped(PendingSend pending, ApiFailure failure);
    }

    private final Connection connection;
    private final Outbox outbox;
    private ParleyClient client;

    public OutboxSender(Connection connection, Outbox outbox) {
        this.connection = connection;
        this.outbox = outbox;
    }

    /**
     * Posts {@code text} to {@code session}, answering message {@code replyTo} unless it is null,
     * after the account's pending messages. A failure that
     * keeps it in the outbox is a {@link CommandFailure} that says so; the server's refusal of this
     * message is the client's {@link ApiFailure}.
     */
    public Message send(long session, String text, Long replyTo, Listener earlier) {
        String account = account("nothing was sent (log in, then send it again)");
        PendingSend pending = PendingSend.of(
                connection.server(),
                account,
                session,
                text,
                replyTo,
                UUID.randomUUID().toString(),
                connection.clock().instant());
        outbox.add(pending);
        try {
            for (PendingSend older : outbox.list(connection.server(), account)) {
                if (older.idempotencyKey().equals(pending.idempotencyKey())) {
                    break;
                }
                if (deliver(older, earlier) instanceof Delivery.Kept kept) {
                    throw kept(kept.failure(), KEPT);
                }
            }
            return switch (outbox.deliver(client(), pending)) {
                case Delivery.Delivered delivered -> delivered.message();
                case Delivery.Dropped dropped -> throw dropped.failure();
                case Delivery.Kept kept -> throw kept(kept.failure(), KEPT);
            };
        } catch (CredentialsException e) {
            throw new CommandFailure(ExitCode.FAILURE, e.getMessage() + KEPT, e);
        }
    }

    /**
     * Delivers the account's pending messages to this server, oldest first, and stops at the first
     * that cannot be delivered now, keeping it and the rest ({@link CommandFailure}, saying how many).
     * Returns how many it went through. Messages of other accounts are left alone: see {@link #othersPending}.
     */
    public int drain(Listener listener) {
        String account = account("the outbox's messages are sent only under the login they were written with");
        List<PendingSend> pending = outbox.list(connection.server(), account);
        for (int i = 0; i < pending.size(); i++) {
            if (deliver(pending.get(i), listener) instanceof Delivery.Kept kept) {
                int remaining = pending.size() - i;
                throw kept(
                        kept.failure(),
                        "; " + (remaining == 1 ? "1 message is" : remaining + " messages are") + " kept in the outbox");
            }
        }
        return pending.size();
    }

    /** Whether the login's account has messages waiting for this server (without a login, none). */
    public boolean hasPending() {
        return connection
                .account()
                .map(account -> !outbox.list(connection.server(), account).isEmpty())
                .orElse(false);
    }

    /** The pending messages to this server that another account (or none known) wrote. */
    public List<PendingSend> othersPending() {
        String account = connection.account().orElse(null);
        return outbox.list(connection.server()).stream()
                .filter(pending -> account == null || !pending.writtenBy(account))
                .toList();
    }

    private Delivery deliver(PendingSend pending, Listener listener) {
        Delivery delivery = outbox.deliver(client(), pending);
        switch (delivery) {
            case Delivery.Delivered delivered -> listener.delivered(pending, delivered.message());
            case Delivery.Dropped dropped -> listener.dropped(pending, dropped.failure());
            case Delivery.Kept kept -> {
                // the caller says so
            }
        }
        return delivery;
    }

    /** Whose messages these are: the login's account; without one nothing is sent or kept. */
    private String account(String consequence) {
        return connection
                .account()
                .orElseThrow(() -> new CommandFailure(
                        ExitCode.NOT_LOGGED_IN,
                        (connection.tokenFromEnvironment()
                                        ? "PARLEY_TOKEN is not a Parley access token (it names no account)"
                                        : "not logged in to " + connection.server() + " (run 'parley login EMAIL')")
                                + "; " + consequence,
                        null));
    }

    private ParleyClient client() {
        if (client == null) {
            client = connection.client();
        }
        return client;
    }

    private static CommandFailure kept(ApiFailure e, String kept) {
        String why = e.kind() == ApiFailure.Kind.UNREACHABLE
                ? "server unreachable (" + e.getMessage() + ")"
                : e.getMessage();
        return new CommandFailure(ExitCode.of(e.kind()), why + kept, e);
    }
}
