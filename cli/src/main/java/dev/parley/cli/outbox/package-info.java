/**
 * The outbox: {@link dev.parley.cli.outbox.Outbox} keeps every {@code parley send} on disk, with
 * its {@code Idempotency-Key}, from before the first attempt until the server has answered it;
 * {@code parley outbox} lists what is left and {@code parley outbox flush} delivers it, exactly
 * once, even after the client was restarted. {@link dev.parley.cli.outbox.OutboxSender} is how
 * everything sends (the account's pending messages first, and only as the account that wrote
 * them); the shell and {@code watch} call its {@code drain} when the server is back.
 */
package dev.parley.cli.outbox;
