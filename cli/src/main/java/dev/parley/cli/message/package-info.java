/**
 * Message commands: {@code parley send} posts a message and {@code parley history} prints a
 * session's messages. Each is one class; they reach the server through
 * {@link dev.parley.cli.Connection}. {@link dev.parley.cli.message.MessageHistory} (reading, and
 * moving the read marker only over what was shown) and {@link dev.parley.cli.message.MessageLine}
 * (how a message reads) are the services the shell and {@code watch} call too.
 */
package dev.parley.cli.message;
