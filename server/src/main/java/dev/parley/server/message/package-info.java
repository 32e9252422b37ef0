/**
 * Messages: posting (with idempotency keys, so a retried send is stored once, and optionally as a
 * reply to another message of the session), editing and deleting them (a tombstone stays), and
 * reading history in id-cursor pages. Message ids grow monotonically across the server, so an id is
 * a total cursor. Only {@link dev.parley.server.message.MessageRoutes} is visible outside.
 */
package dev.parley.server.message;
