package dev.parley.cli.outbox;

import dev.parley.api.Message;
import dev.parley.cli.client.ApiFailure;

/**
 * How one attempt to deliver a {@link PendingSend} ended, as {@link Outbox#deliver} decided it: the
 * one place that decides whether an entry is kept for later or dropped.
 */
public sealed interface Delivery {

    /** The server has the message; the entry is gone. */
    record Delivered(Message message) implements Delivery {}

    /** The server refused the message itself (session gone, text invalid); the entry is gone. */
    record Dropped(ApiFailure failure) implements Delivery {}

    /** It could not be delivered now (no answer, no valid login); the entry stays for later. */
    record Kept(ApiFailure failure) implements Delivery {}
}
