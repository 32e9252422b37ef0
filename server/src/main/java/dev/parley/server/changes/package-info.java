/**
 * What a committed write changed (a session's messages or members, a revoked log-in), told in commit
 * order to every server sharing the database (see {@code db.Changes}). The features that write
 * produce these; the ones that keep views in memory (cached pages, live event streams, revoked
 * grants) consume them, and neither knows the other.
 */
package dev.parley.server.changes;
