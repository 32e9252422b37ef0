package dev.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the data directory private: it holds password hashes, refresh-token hashes, the signing key
 * and every message. The directory is made 0700 and the SQLite files 0600, whatever they were (an
 * existing directory created 0755, a database created under umask 022); a directory Parley cannot
 * tighten stops the start. The SQLite file is created 0600 before SQLite opens it, because SQLite
 * creates its {@code -wal} and {@code -shm} files with the database file's permissions. (The signing
 * key is not tightened but refused when others could read it: it may have been read already.)
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {}

    /**
     * Creates {@code dir} (0700) or tightens it; creates {@code databaseFile}, if given, 0600, or
     * tightens it and its {@code -wal}, {@code -shm} and {@code -journal} files.
     */
    static void makePrivate(Path dir, Path databaseFile) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            tighten(dir, OWNER_ONLY_DIRECTORY);
            if (databaseFile == null) {
                return;
            }
            if (!Files.exists(databaseFile)) {
                Files.createFile(databaseFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            }
            String name = databaseFile.getFileName().toString();
            try (Stream<Path> files = Files.list(databaseFile.toAbsolutePath().getParent())) {
                for (Path file : files.filter(
                                f -> f.getFileName().toString().startsWith(name) && Files.isRegularFile(f))
                        .toList()) {
                    tighten(file, OWNER_ONLY_FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot make the data directory " + dir + " private (mode 0700, its files 0600)", e);
        }
    }

    /** Takes away whatever {@code path} allows beyond {@code allowed}. */
    private static void tighten(Path path, Set<PosixFilePermission> allowed) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (!allowed.containsAll(now)) {
            Set<PosixFilePermission> kept = EnumSet.copyOf(allowed);
            kept.retainAll(now);
            Files.setPosixFilePermissions(path, kept.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : kept);
        }
    }
}
