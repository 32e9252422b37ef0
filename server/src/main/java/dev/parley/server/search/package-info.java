/**
 * Full-text search of the messages in the caller's sessions: a query of words, phrases and
 * {@code from:} filters, parsed here and rendered for the database's own index (SQLite FTS5, or a
 * PostgreSQL {@code tsvector} column), which the database keeps in step with every write. Results
 * come newest first in cursor pages, each with a marked snippet. Only
 * {@link dev.parley.server.search.SearchRoutes} is visible outside.
 */
package dev.parley.server.search;
