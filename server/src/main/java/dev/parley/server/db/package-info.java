/**
 * The database: SQLite (or PostgreSQL, chosen by the configured URL) opened for concurrent readers and
 * one writer, the schema migrated by Flyway at start, and {@link dev.parley.server.db.SerialWriter},
 * through which every write goes so that concurrent requests share one fsync (group commit), never
 * meet a locked database, and are committed in the order their ids were given.
 */
package dev.parley.server.db;
