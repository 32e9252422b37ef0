/**
 * Session commands: {@code parley sessions} lists them, with {@code create}, {@code rename},
 * {@code delete} and the people in a session ({@code invite}, {@code members}, {@code leave}) below
 * it; {@code parley unread} lists those with unread messages. Each is one class; they reach the
 * server through {@link dev.parley.cli.Connection}.
 */
package dev.parley.cli.session;
