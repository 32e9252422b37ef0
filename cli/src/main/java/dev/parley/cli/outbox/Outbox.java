package dev.parley.cli.outbox;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.ExitCode;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sends not yet delivered: {@code $XDG_CONFIG_HOME/parley/outbox/}, one JSON file per
 * {@link PendingSend} named by its idempotency key, owner-only (0600 in a 0700 directory) and
 * written atomically. An entry is written before the first attempt and removed once the server
 * has answered the message itself, so a send that never reached it survives a crash or a restart
 * and {@code parley outbox flush} sends it later with the same key, which the server does not store
 * twice. Two processes flushing at once post the same keys, which is as harmless; no lock is taken.
 */
public final class Outbox {

    public static final String DIRECTORY = "outbox";
    private static final String SUFFIX = ".json";

    /** Creation order; the key orders sends of the same millisecond, so that listing and flushing agree. */
    private static final Comparator<PendingSend> CREATION_ORDER =
            Comparator.comparing(PendingSend::createdAt).thenComparing(PendingSend::idempotencyKey);

    private final Path directory;

    /** The outbox in {@code directory} (the {@code outbox} directory itself). */
    public Outbox(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** {@code $XDG_CONFIG_HOME/parley/outbox}, or {@code ~/.config/parley/outbox}. */
    public static Outbox locate(Map<String, String> environment) {
        return new Outbox(PrivateFiles.configDirectory(environment).resolve(DIRECTORY));
    }

    public Path directory() {
        return directory;
    }

    /** The file that keeps {@code pending}. */
    public Path path(PendingSend pending) {
        return directory.resolve(pending.idempotencyKey() + SUFFIX);
    }

    /** Keeps {@code pending} on disk; replaces an entry with the same key. */
    public void add(PendingSend pending) {
        Path file = path(pending);
        try {
            PrivateFiles.createDirectory(directory.getParent());
            PrivateFiles.createDirectory(directory);
            PrivateFiles.writeAtomically(
                    file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(pending));
        } catch (IOException e) {
            throw failure("cannot write " + file + ": " + PrivateFiles.describe(e) + "; nothing was sent", e);
        }
    }

    /** Forgets {@code pending}; nothing happens when another process removed it already. */
    public void remove(PendingSend pending) {
        Path file = path(pending);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure("cannot remove " + file + ": " + PrivateFiles.describe(e), e);
        }
    }

    /** Every pending send, of every server, in creation order. */
    public List<PendingSend> list() {
        List<PendingSend> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(SUFFIX))
                    .toList()) {
                read(file).ifPresent(entries::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("cannot read " + directory + ": " + PrivateFiles.describe(e), e);
        }
        entries.sort(CREATION_ORDER);
        return entries;
    }

    /** The pending sends to {@code server}, in creation order. */
    public List<PendingSend> list(ServerUrl server) {
        String key = server.toString();
        return list().stream().filter(pending -> pending.server().equals(key)).toList();
    }

    /** The pending sends to {@code server} written by {@code account}, in creation order. */
    public List<PendingSend> list(ServerUrl server, String account) {
        return list(server).stream()
                .filter(pending -> pending.writtenBy(account))
                .toList();
    }

    /**
     * Posts {@code pending} with its idempotency key (the client retries once on a network failure)
     * and removes it once the server has answered the message: delivered, or refused (not found,
     * invalid: sending it again cannot help). It stays when the server could not be reached or the
     * login was missing or rejected (nothing to do with the message: log in and flush). A local
     * failure is thrown.
     */
    public Delivery deliver(ParleyClient client, PendingSend pending) {
        Message message;
        try {
            message = client.postMessage(
                    pending.sessionId(), pending.text(), pending.replyTo(), pending.idempotencyKey());
        } catch (ApiFailure e) {
            if (e.kind() == ApiFailure.Kind.UNREACHABLE || e.kind() == ApiFailure.Kind.NOT_LOGGED_IN) {
                return new Delivery.Kept(e);
            }
            remove(pending);
            return new Delivery.Dropped(e);
        }
        remove(pending);
        return new Delivery.Delivered(message);
    }

    private Optional<PendingSend> read(Path file) throws IOException {
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), PendingSend.class));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // delivered by another process meanwhile
        } catch (JacksonException | IllegalArgumentException e) {
            throw failure(
                    file + " is not an outbox entry Parley can read ("
                            + e.getMessage().lines().findFirst().orElse("") + "); move it away or delete it",
                    e);
        }
    }

    private static CommandFailure failure(String message, Throwable cause) {
        return new CommandFailure(ExitCode.FAILURE, message, cause);
    }
}
