/**
 * The stored logins: {@link dev.parley.cli.credentials.CredentialsFile} keeps one per server in
 * {@code $XDG_CONFIG_HOME/parley/credentials.json}, owner-only and written atomically, and
 * {@link dev.parley.cli.credentials.StoredTokens} hands a server's tokens to the HTTP client and
 * stores the ones it renews.
 */
package dev.parley.cli.credentials;
