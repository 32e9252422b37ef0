/**
 * Searching messages: {@code parley search QUERY} (and the shell's {@code /search}) asks the server
 * for the messages of the user's sessions that match, newest first, and {@link
 * dev.parley.cli.search.SearchLine} shows each with its session, author, time and the excerpt that
 * matched, the matched words highlighted.
 */
package dev.parley.cli.search;
