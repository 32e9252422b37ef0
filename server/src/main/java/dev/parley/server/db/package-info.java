/**
 * The database: SQLite opened for concurrent readers and one writer, the schema migrated by Flyway at
 * start, and {@link dev.parley.server.db.SerialWriter}, through which every write goes so that
 * concurrent requests share one fsync (group commit) and never meet a locked database.
 */
package dev.parley.server.db;
