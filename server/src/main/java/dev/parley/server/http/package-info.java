/**
 * What every route shares: the exception family that maps to RFC 9457 problem details
 * ({@link dev.parley.server.http.ErrorMapping} renders them, in one place), the bearer-token filter
 * that puts the {@link dev.parley.server.http.Caller} into the request context, the per-user rate
 * limits, JSON bodies in and out, 405 answers for known paths, and the checks on text every feature applies.
 */
package dev.parley.server.http;
