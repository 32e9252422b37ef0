/**
 * Session commands: {@code parley sessions} lists them, with {@code create}, {@code rename} and
 * {@code delete} below it. Each is one class; they reach the server through
 * {@link dev.parley.cli.Connection}.
 */
package dev.parley.cli.session;
