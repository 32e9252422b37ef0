package dev.parley.cli.credentials;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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

    /** One lock per credentials file in this process. */
    private static final ConcurrentMap<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path file;

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
        return new CredentialsFile(PrivateFiles.configDirectory(environment));
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
        try (FileChannel lockFile = PrivateFiles.openLockFile(directory.resolve(FILE_NAME + ".lock"))) {
            // Held until the channel closes; blocks while another parley process holds it.
            lockFile.lock();
            List<StoredLogin> logins = new ArrayList<>(read());
            Optional<StoredLogin> before =
                    logins.stream().filter(login -> login.server().equals(key)).findFirst();
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
            throw new CredentialsException(
                    file + " is not a credentials file Parley can read (" + e.getOriginalMessage()
                            + "); delete it and log in again",
                    e);
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private void refuseIfOthersMayRead() throws IOException {
        Set<PosixFilePermission> permissions = PrivateFiles.tooOpen(file);
        if (!permissions.isEmpty()) {
            throw new CredentialsException(
                    "permissions " + PrivateFiles.octal(permissions) + " of " + file
                            + " are too open: others may have read its tokens, so it is not used; run 'chmod 600 "
                            + file + "' if you trust it, or delete it and log in again",
                    null);
        }
    }

    private void write(List<StoredLogin> logins) throws IOException {
        PrivateFiles.writeAtomically(
                file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(logins)));
    }

    private void createDirectory() {
        try {
            PrivateFiles.createDirectory(directory);
        } catch (IOException e) {
            throw new CredentialsException("cannot create " + directory + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return PrivateFiles.describe(e);
    }

    /** The file's JSON: {@code {"servers": [login, …]}}. */
    record Document(List<StoredLogin> servers) {}
}
