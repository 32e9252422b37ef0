/**
 * Live event streams (server-sent events): each message posted, edited or deleted pushed to the
 * members following its session, a reconnecting client resumed from its last event id with no gap
 * and no duplicate, and a
 * stream ended the moment its user loses access. Streams are fed by a fan-out that hears of every
 * committed {@link dev.parley.server.changes.SessionChange}, this server's and (on PostgreSQL) those
 * of the other servers sharing the database. Only
 * {@link dev.parley.server.events.EventRoutes} is visible outside.
 */
package dev.parley.server.events;
