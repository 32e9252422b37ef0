/**
 * Account commands: {@code parley register}, {@code login}, {@code logout} and {@code whoami}.
 * Each is one class; they reach the server through {@link dev.parley.cli.Connection}.
 */
package dev.parley.cli.account;
