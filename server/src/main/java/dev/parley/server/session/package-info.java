/**
 * Chat sessions (conversations) and the people in them: create, list by most recent activity with
 * cursor paging, show, rename and delete; add, list and remove members; move read markers. A
 * session is visible to its members only (the owner is one); to anyone else it does not exist (404,
 * never 403, so existence does not leak), and a member who is not the owner gets 403 on the owner's
 * actions. Only {@link dev.parley.server.session.SessionRoutes} and
 * {@link dev.parley.server.session.MemberRoutes} are visible outside.
 */
package dev.parley.server.session;
