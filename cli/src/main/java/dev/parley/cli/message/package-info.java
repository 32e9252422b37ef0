/**
 * Message commands: {@code parley send} posts a message (a reply with {@code --reply-to}),
 * {@code parley edit} and {@code parley delete} change one, and {@code parley history} prints a
 * session's messages. Each is one class; they reach the server through
 * {@link dev.parley.cli.Connection}. {@link dev.parley.cli.message.MessageHistory} (reading, and
 * moving the read marker only over what was shown), {@link dev.parley.cli.message.MessageLine} (how
 * a message reads: edited, deleted, what a reply answers) and {@link dev.parley.cli.message.Quotes}
 * (the messages replies answer) are the services the shell, {@code watch} and {@code search} call too.
 */
package dev.parley.cli.message;
