package dev.parley.cli.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The files {@code parley} keeps for its user (logins, the outbox): under
 * {@code $XDG_CONFIG_HOME/parley}, in directories only the owner may enter (0700), in files only
 * the owner may read (0600), each written to a temporary file in the same directory, forced to
 * disk and renamed over the old one, so that a reader sees the old file or the new one, never half
 * of one. Without POSIX permissions (Windows) the modes are left to the file system.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /**
     * {@code $XDG_CONFIG_HOME/parley}, or {@code ~/.config/parley} when that is unset or relative
     * (which the XDG specification says to ignore).
     */
    public static Path configDirectory(Map<String, String> environment) {
        return xdgDirectory(environment, "XDG_CONFIG_HOME", ".config");
    }

    /**
     * {@code $XDG_STATE_HOME/parley}, or {@code ~/.local/state/parley}: what is worth keeping between
     * runs but is not configuration, such as the shell's history of typed lines.
     */
    public static Path stateDirectory(Map<String, String> environment) {
        return xdgDirectory(environment, "XDG_STATE_HOME", ".local/state");
    }

    private static Path xdgDirectory(Map<String, String> environment, String variable, String underHome) {
        String configured = environment.get(variable);
        Path base;
        if (configured != null && !configured.isBlank() && Path.of(configured).isAbsolute()) {
            base = Path.of(configured);
        } else {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home).resolve(underHome);
        }
        return base.resolve("parley");
    }

    public static boolean posix() {
        return POSIX;
    }

    /** Creates {@code directory} (and its parents) owner-only, or makes an existing one owner-only. */
    public static void createDirectory(Path directory) throws IOException {
        Files.createDirectories(directory, ownerOnly(OWNER_ONLY_DIRECTORY));
        if (POSIX && !Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }

    /** Replaces {@code file} by one holding {@code bytes}, owner-only, atomically; its directory must exist. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temporary =
                Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", ownerOnly(OWNER_ONLY_FILE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename: after a crash the file is the old one or the new one.
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Opens (creating it owner-only) a lock file to {@link FileChannel#lock()}. */
    public static FileChannel openLockFile(Path file) throws IOException {
        return FileChannel.open(
                file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly(OWNER_ONLY_FILE));
    }

    /** The permissions of {@code file} beyond owner read and write, empty when there are none (or no POSIX). */
    public static Set<PosixFilePermission> tooOpen(Path file) throws IOException {
        if (!POSIX) {
            return Set.of();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return OWNER_ONLY_FILE.containsAll(permissions) ? Set.of() : permissions;
    }

    public static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** What went wrong with a file, for a one-line message. */
    public static String describe(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file or directory: " + missing.getFile();
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }

    /** {@code 0644}, the way chmod and ssh spell a mode. */
    public static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
