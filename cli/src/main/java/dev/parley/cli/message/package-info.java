/**
 * Message commands: {@code parley send} posts a message and {@code parley history} prints a
 * session's messages. Each is one class; they reach the server through
 * {@link dev.parley.cli.Connection}.
 */
package dev.parley.cli.message;
