/**
 * The {@code parley} command. For now it runs the server ({@code parley server}); the client
 * commands and the interactive shell build on the same command tree.
 */
package dev.parley.cli;
