package dev.parley.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two Parley servers, each its own process, on one fresh PostgreSQL database with one signing key,
 * as behind a load balancer: the fixture of the cluster tests, for a whole test class. Registered as
 * a static field of a class that runs only {@link OnPostgres}.
 */
public final class TwoServers implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> environment;
    private PostgresDatabases.Temporary database;
    private Path directory;
    private ServerProcess a;
    private ServerProcess b;

    private TwoServers(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Both servers with {@code environment} (PARLEY_... variables) over what they share. */
    public static TwoServers onOneDatabase(Map<String, String> environment) {
        return new TwoServers(environment);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = PostgresDatabases.create();
        try {
            directory = Files.createTempDirectory("parley-two-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> shared = new HashMap<>(Map.of(
                "PARLEY_DATABASE_URL", database.url(),
                "PARLEY_AUTH_JWT_SECRET", Base64.getEncoder().encodeToString(key),
                "PARLEY_AUTH_BCRYPT_COST", "10"));
        shared.putAll(environment);
        a = ServerProcess.start(directory.resolve("a"), shared);
        b = ServerProcess.start(directory.resolve("b"), shared);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    public ServerProcess a() {
        return a;
    }

    public ServerProcess b() {
        return b;
    }

    /** A directory of the test class's own, beside the servers' data directories. */
    public Path directory() {
        return directory;
    }
}
