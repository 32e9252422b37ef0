/**
 * Accounts and tokens: registration, bcrypt password checks (on their own threads, so hashing never
 * starves request handling), the OAuth2 password and refresh-token grants at {@code POST /token},
 * HS256 access tokens signed and verified with helidon-security-jwt, log-out, and the throttle on
 * failed log-ins. Only {@link dev.parley.server.account.AccountRoutes} is visible outside.
 */
package dev.parley.server.account;
