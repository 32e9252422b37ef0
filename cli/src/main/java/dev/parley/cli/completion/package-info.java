/** {@code parley completion bash|zsh}: shell completion scripts generated from the command tree. */
package dev.parley.cli.completion;
