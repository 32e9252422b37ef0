package dev.parley.cli.shell;

import dev.parley.cli.Environment;
import dev.parley.cli.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jline.reader.LineReader;

/**
 * Where the shell keeps the lines typed: {@code $XDG_STATE_HOME/parley/history} (default
 * {@code ~/.local/state/parley/history}), owner-only; a history kept in
 * {@code $XDG_CONFIG_HOME/parley/} by earlier versions is moved there.
 */
final class ShellHistory {

    static final String FILE_NAME = "history";

    private ShellHistory() {}

    /** The history file, made private if need be; null (no saved history) when it cannot be made, said to {@code error}. */
    static Path file(Environment environment, Consumer<String> error) {
        Path directory = PrivateFiles.stateDirectory(environment.variables());
        Path file = directory.resolve(FILE_NAME);
        Path old = PrivateFiles.configDirectory(environment.variables()).resolve(FILE_NAME);
        try {
            Files.createDirectories(directory.getParent());
            PrivateFiles.createDirectory(directory);
            if (Files.notExists(file) && Files.isRegularFile(old)) {
                Files.move(old, file);
            }
            if (Files.notExists(file)) {
                Files.createFile(file, PrivateFiles.ownerOnly(PrivateFiles.OWNER_ONLY_FILE));
            } else if (!PrivateFiles.tooOpen(file).isEmpty()) {
                Files.setPosixFilePermissions(file, PrivateFiles.OWNER_ONLY_FILE);
            }
            return file;
        } catch (IOException e) {
            error.accept("cannot keep the shell's history in " + file + ": " + PrivateFiles.describe(e));
            return null;
        }
    }

    static void save(LineReader reader, Consumer<String> error) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            error.accept("cannot save the shell's history: " + PrivateFiles.describe(e));
        }
    }
}
