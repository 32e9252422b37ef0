/**
 * The outbox: {@link dev.parley.cli.outbox.Outbox} keeps every {@code parley send} on disk, with
 * its {@code Idempotency-Key}, from before the first attempt until the server has answered it;
 * {@code parley outbox} lists what is left and {@code parley outbox flush} delivers it, exactly
 * once, even after the client was restarted.
 */
package dev.parley.cli.outbox;
