/**
 * Live event streams (server-sent events): each new message pushed to the members following its
 * session, a reconnecting client resumed from its last event id with no gap and no duplicate, and a
 * stream ended the moment its user loses access. Streams are fed by a fan-out that the database
 * writer publishes committed {@link dev.parley.server.changes.SessionChange}s to. Only
 * {@link dev.parley.server.events.EventRoutes} is visible outside.
 */
package dev.parley.server.events;
