/**
 * Chat sessions (conversations): create, list by most recent activity with cursor paging, show,
 * rename and delete. Until memberships arrive a session is visible to its owner only; to anyone else
 * it does not exist (404, never 403, so existence does not leak). Only
 * {@link dev.parley.server.session.SessionRoutes} is visible outside.
 */
package dev.parley.server.session;
