/**
 * Live messages: {@code parley watch} prints them as they are posted, edited and deleted, and
 * {@link dev.parley.cli.watch.MessageFollower} follows a session's event stream (or all of the
 * user's) across reconnections, resuming after the last event it handed on; the interactive shell
 * follows the open session through it too.
 */
package dev.parley.cli.watch;
