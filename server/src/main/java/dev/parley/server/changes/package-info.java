/**
 * What a committed write changed about a session, told by the database writer in commit order. The
 * features that write (sessions, members, messages) produce these; the ones that keep views of
 * sessions (cached pages, live event streams) consume them, and neither knows the other.
 */
package dev.parley.server.changes;
