/**
 * The {@code parley} command: {@link dev.parley.cli.Parley} is the root of the command tree and
 * builds the one {@link picocli.CommandLine}, with exit codes and error reporting configured once
 * ({@link dev.parley.cli.ErrorReporter}), and whether output is coloured decided once
 * ({@link dev.parley.cli.Environment}, {@link dev.parley.cli.Palette}). Client commands live in
 * feature packages ({@code account}) and mix in {@link dev.parley.cli.CommandContext} (the
 * environment, the {@link dev.parley.cli.GlobalOptions}, a {@link dev.parley.cli.Connection});
 * server text reaches the terminal through {@link dev.parley.cli.TerminalText} only, and tables
 * through {@link dev.parley.cli.TextTable}; the HTTP client is in {@code client}, the stored logins in
 * {@code credentials}, the sends not yet delivered in {@code outbox}, and how these files are
 * written in {@code files}. {@code parley server} comes from the server module.
 */
package dev.parley.cli;
