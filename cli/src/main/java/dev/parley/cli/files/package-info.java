/**
 * The files {@code parley} keeps for its user: {@link dev.parley.cli.files.PrivateFiles} finds
 * their directory and writes them owner-only and atomically, for the credentials file and the
 * outbox alike. Depends on nothing else of ours.
 */
package dev.parley.cli.files;
