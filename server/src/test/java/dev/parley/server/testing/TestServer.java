package dev.parley.server.testing;

import dev.parley.server.Main;
import dev.parley.server.ParleyConfig;
import dev.parley.server.ParleyServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Parley server for tests: random port on 127.0.0.1, its own data directory, bcrypt at the
 * lowest cost so that registering is cheap, and any other setting overridden by the caller
 * (e.g. {@code parley.auth.login-throttle.max-failures-per-account}). {@link #restart()} stops it
 * and starts it again on the same data, as an operator's restart would.
 */
public final class TestServer implements AutoCloseable {

    /** bcrypt's minimum: tests check behaviour, not the work factor. */
    public static final int TEST_BCRYPT_COST = 4;

    /** A limit's setting that no test reaches. */
    public static final String UNLIMITED = "1000000";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> settings;
    private final AutoCloseable database;
    private ParleyServer server;

    private TestServer(Path dataDir, boolean ownsDataDir, Map<String, String> settings, AutoCloseable database) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.settings = Map.copyOf(settings);
        this.database = database;
        this.server = Main.start(parleyConfig(dataDir, this.settings), config(dataDir, this.settings));
    }

    /** A server on a fresh temporary data directory, deleted again by {@link #close()}. */
    public static TestServer start(Map<String, String> settings) {
        return start(settings, () -> {});
    }

    /**
     * As {@link #start(Map)}, on a database of its own that {@code settings} name
     * ({@code parley.database.url}) and that {@code database} drops: on {@link #close()}, once the
     * server has stopped, or at once if the server does not start.
     */
    public static TestServer start(Map<String, String> settings, AutoCloseable database) {
        Path dir;
        try {
            dir = Files.createTempDirectory("parley-test-");
        } catch (IOException e) {
            release(database, null);
            throw new UncheckedIOException(e);
        }
        try {
            return new TestServer(dir, true, settings, database);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            release(database, e);
            throw e;
        }
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** A server on {@code dataDir}, which the caller owns (a JUnit {@code @TempDir}, say). */
    public static TestServer start(Path dataDir, Map<String, String> settings) {
        return new TestServer(dataDir, false, settings, () -> {});
    }

    /** The configuration {@code parley server} would build, with {@code settings} strongest. */
    public static Config config(Path dataDir, Map<String, String> settings) {
        Map<String, String> strongest = new HashMap<>();
        strongest.put("server.host", "127.0.0.1");
        strongest.put("server.port", "0");
        strongest.put("parley.data-dir", dataDir.toAbsolutePath().toString());
        // Every test registers its accounts from 127.0.0.1; the per-address limit is tested on its own.
        strongest.put("parley.limits.registrations.burst", UNLIMITED);
        strongest.put("parley.limits.registrations.refill", UNLIMITED);
        // The search properties search hundreds of times as one user; RateLimitTest tests that limit.
        strongest.put("parley.limits.searches.burst", UNLIMITED);
        strongest.put("parley.limits.searches.refill", UNLIMITED);
        strongest.putAll(settings);
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(strongest), ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** Parley's settings read from {@link #config}, with the test bcrypt cost. */
    public static ParleyConfig parleyConfig(Path dataDir, Map<String, String> settings) {
        return withBcryptCost(ParleyConfig.from(config(dataDir, settings)), TEST_BCRYPT_COST);
    }

    public static ParleyConfig withBcryptCost(ParleyConfig config, int cost) {
        ParleyConfig.Auth auth = config.auth();
        return new ParleyConfig(
                config.dataDir(),
                config.database(),
                new ParleyConfig.Auth(
                        cost,
                        auth.hashingThreads(),
                        auth.hashingNiceness(),
                        auth.maxHashingWait(),
                        auth.jwtSecret(),
                        auth.issuer(),
                        auth.audience(),
                        auth.accessTokenTtl(),
                        auth.refreshTokenTtl(),
                        auth.loginThrottle()),
                config.limits(),
                config.events());
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}; the port changes with every restart. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the server, runs the statement {@code sql} with {@code parameters} on its database (its
     * SQLite file, or the PostgreSQL database its settings name), and starts it again: a change the API
     * does not make, as another program would make it. Not while it runs: its SQLite writer holds the
     * write lock. Returns the rows changed.
     */
    public int updateWhileStopped(String sql, Object... parameters) {
        server.close();
        String url = settings.getOrDefault("parley.database.url", "jdbc:sqlite:" + dataDir.resolve("parley.db"));
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        } finally {
            server = Main.start(parleyConfig(dataDir, settings), config(dataDir, settings));
        }
    }

    /**
     * What the server stored, seen from outside it through a read-only connection: its PostgreSQL
     * database when its settings name one, else the SQLite file in its data directory.
     */
    public ReadOnlyDatabase storedData() {
        String url = settings.get("parley.database.url");
        return url == null ? ReadOnlyDatabase.open(dataDir) : ReadOnlyDatabase.openPostgres(url);
    }

    /** Stops the server and starts it again on the same data directory and settings. */
    public TestServer restart() {
        server.close();
        server = Main.start(parleyConfig(dataDir, settings), config(dataDir, settings));
        return this;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            release(database, null);
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Closes {@code resource}; its own failure is added to {@code failure} when there is one, else thrown. */
    private static void release(AutoCloseable resource, RuntimeException failure) {
        try {
            resource.close();
        } catch (Exception e) {
            if (failure == null) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            failure.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory fails no test.
        }
    }
}
