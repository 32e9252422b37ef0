/**
 * The interactive chat shell: {@code parley} without a command, or {@code parley open SESSION}. A
 * JLine line reader with persistent history, a prompt with the user and the open session, and
 * slash commands that run the command tree's own commands where one fits; any other line is sent
 * to the open session through the outbox, as {@code parley send} does; the open session's messages
 * are answered, edited and deleted by id ({@code /reply}, {@code /edit}, {@code /delete}). Other
 * people's messages in the open session appear as they are posted, edited and deleted, above the
 * line being typed.
 */
package dev.parley.cli.shell;
