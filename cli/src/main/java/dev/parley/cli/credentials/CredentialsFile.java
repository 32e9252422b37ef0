package dev.parley.cli.credentials;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.cli.client.ServerUrl;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * {@code credentials.json}: one login per server URL, in a directory only its owner may enter
 * (0700), in a file only its owner may read (0600). Every write goes to a temporary file in the
 * same directory that is then renamed over the old one, so a reader sees the old file or the new
 * one, never half of one. Changes are made under a lock file, so that concurrent {@code parley}
 * processes do not lose each other's logins. A file that others may read is refused, as ssh
 * refuses such a key.
 */
public final class CredentialsFile {

    public static final String FILE_NAME = "credentials.json";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** One lock per credentials file in this process. */
    private static final ConcurrentMap<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path file;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** The credentials file in {@code directory} (the {@code parley} directory itself). */
    public CredentialsFile(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.file = this.directory.resolve(FILE_NAME);
    }

    /**
     * The file under {@code $XDG_CONFIG_HOME/parley}, or {@code ~/.config/parley} when that is
     * unset or relative (which the XDG specification says to ignore).
     */
    public static CredentialsFile locate(Map<String, String> environment) {
        String configHome = environment.get("XDG_CONFIG_HOME");
        Path base;
        if (configHome != null && !configHome.isBlank() && Path.of(configHome).isAbsolute()) {
            base = Path.of(configHome);
        } else {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home, ".config");
        }
        return new CredentialsFile(base.resolve("parley"));
    }

    public Path path() {
        return file;
    }

    /** The login stored for {@code server}. */
    public Optional<StoredLogin> find(ServerUrl server) {
        String key = server.toString();
        return read().stream().filter(login -> login.server().equals(key)).findFirst();
    }

    /** Stores {@code login}, replacing the one of the same server and keeping the others. */
    public void save(StoredLogin login) {
        update(ServerUrl.parse(login.server()), stored -> Optional.of(login));
    }

    /** Forgets the login of {@code server}; whether there was one. */
    public boolean remove(ServerUrl server) {
        AtomicBoolean removed = new AtomicBoolean();
        update(server, stored -> {
            removed.set(stored.isPresent());
            return Optional.empty();
        });
        return removed.get();
    }

    /**
     * Replaces the login of {@code server} by what {@code change} makes of it, holding the lock
     * from reading to writing; returns the new one. Exceptions of {@code change} leave the file
     * as it was.
     */
    public Optional<StoredLogin> update(ServerUrl server, UnaryOperator<Optional<StoredLogin>> change) {
        String key = server.toString();
        createDirectory();
        // A file lock excludes other processes only; the threads of this one queue here.
        ReentrantLock threads = THREAD_LOCKS.computeIfAbsent(file, path -> new ReentrantLock());
        threads.lock();
        try {
            return updateLocked(key, change);
        } finally {
            threads.unlock();
        }
    }

    private Optional<StoredLogin> updateLocked(String key, UnaryOperator<Optional<StoredLogin>> change) {
        try (FileChannel lockFile = FileChannel.open(directory.resolve(FILE_NAME + ".lock"), lockFileOptions(),
                ownerOnly(OWNER_ONLY_FILE))) {
            // Held until the channel closes; blocks while another parley process holds it.
            lockFile.lock();
            List<StoredLogin> logins = new ArrayList<>(read());
            Optional<StoredLogin> before = logins.stream().filter(login -> login.server().equals(key)).findFirst();
            Optional<StoredLogin> after = change.apply(before);
            if (after.isPresent() && !after.get().server().equals(key)) {
                throw new IllegalArgumentException("a login of " + after.get().server() + " stored as " + key);
            }
            if (!after.equals(before)) {
                logins.removeIf(login -> login.server().equals(key));
                after.ifPresent(logins::add);
                write(logins);
            }
            return after;
        } catch (IOException e) {
            throw new CredentialsException("cannot update " + file + ": " + describe(e), e);
        }
    }

    private List<StoredLogin> read() {
        try {
            refuseIfOthersMayRead();
            Document document = Json.mapper().readValue(Files.readAllBytes(file), Document.class);
            return document.servers() == null ? List.of() : document.servers();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (JacksonException e) {
            throw new CredentialsException(file + " is not a credentials file Parley can read ("
                    + e.getOriginalMessage() + "); delete it and log in again", e);
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private void refuseIfOthersMayRead() throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY_FILE.containsAll(permissions)) {
            throw new CredentialsException("permissions " + octal(permissions) + " of " + file
                    + " are too open: others may have read its tokens, so it is not used; run 'chmod 600 "
                    + file + "' if you trust it, or delete it and log in again", null);
        }
    }

    private void write(List<StoredLogin> logins) throws IOException {
        Path temporary = Files.createTempFile(directory, FILE_NAME + ".", ".tmp", ownerOnly(OWNER_ONLY_FILE));
        try {
            byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(logins));
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

    private void createDirectory() {
        try {
            Files.createDirectories(directory, ownerOnly(OWNER_ONLY_DIRECTORY));
            if (posix && !Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw new CredentialsException("cannot create " + directory + ": " + describe(e), e);
        }
    }

    private static Set<StandardOpenOption> lockFileOptions() {
        return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static String describe(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file or directory: " + missing.getFile();
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }

    /** {@code 0644}, the way chmod and ssh spell a mode. */
    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    /** The file's JSON: {@code {"servers": [login, …]}}. */
    record Document(List<StoredLogin> servers) {
    }
}
