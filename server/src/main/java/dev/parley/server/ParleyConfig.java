package dev.parley.server;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Parley's own settings (the {@code parley} node of the configuration), read once in {@link Main}
 * and handed to the features as small typed records. The webserver's settings stay under
 * {@code server} in Helidon's own format.
 */
public record ParleyConfig(Path dataDir, Database database, Auth auth, Limits limits, Events events) {

    /** Where the data lives: the SQLite file and the generated signing key sit in {@code dataDir}. */
    public record Database(int readerPoolSize) {
    }

    /**
     * Passwords and tokens. {@code jwtSecret} is a base64 (or base64url) HMAC key of at least 256
     * bits; when absent, a key is generated at first start and kept in the data directory.
     */
    public record Auth(int bcryptCost, int hashingThreads, Optional<String> jwtSecret, String issuer,
            String audience, Duration accessTokenTtl, Duration refreshTokenTtl, LoginThrottle loginThrottle) {
    }

    /**
     * Failed log-ins counted per client address and per account-and-address pair within
     * {@code window}; past the maximum, {@code POST /token} answers 429 until the window has passed.
     */
    public record LoginThrottle(int maxFailuresPerAddress, int maxFailuresPerAccount, Duration window) {
    }

    /** Request limits of the API. */
    public record Limits(long maxBodyBytes) {
    }

    /**
     * Live event streams: a comment every {@code heartbeat} keeps idle ones open, {@code retry} is the
     * reconnection delay advised to clients, a stream with {@code bufferSize} events not yet written
     * is ended (its client resumes from its last id), and one user may hold
     * {@code maxStreamsPerUser} streams at once.
     */
    public record Events(Duration heartbeat, Duration retry, int bufferSize, int maxStreamsPerUser) {
    }

    /** The lowest bcrypt cost an operator may configure (tests build their config with less). */
    static final int MIN_BCRYPT_COST = 10;

    public static ParleyConfig from(Config root) {
        Config parley = root.get("parley");
        Config auth = parley.get("auth");
        Config throttle = auth.get("login-throttle");
        Config events = parley.get("events");
        int bcryptCost = auth.get("bcrypt-cost").asInt().orElse(12);
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > 31) {
            throw new IllegalStateException("parley.auth.bcrypt-cost is " + bcryptCost
                    + "; it must be from " + MIN_BCRYPT_COST + " to 31 (default 12)");
        }
        return new ParleyConfig(
                parley.get("data-dir").as(Path.class).orElseGet(ParleyConfig::defaultDataDir),
                new Database(parley.get("database.reader-pool-size").asInt().orElse(4)),
                new Auth(
                        bcryptCost,
                        auth.get("hashing-threads").asInt().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
                        auth.get("jwt-secret").asString().asOptional().filter(s -> !s.isBlank()),
                        auth.get("issuer").asString().orElse("parley"),
                        auth.get("audience").asString().orElse("parley"),
                        auth.get("access-token-ttl").as(Duration.class).orElse(Duration.ofMinutes(15)),
                        auth.get("refresh-token-ttl").as(Duration.class).orElse(Duration.ofDays(30)),
                        new LoginThrottle(
                                throttle.get("max-failures-per-address").asInt().orElse(50),
                                throttle.get("max-failures-per-account").asInt().orElse(10),
                                throttle.get("window").as(Duration.class).orElse(Duration.ofMinutes(15)))),
                new Limits(parley.get("limits.max-body-bytes").asLong().orElse(64 * 1024L)),
                new Events(
                        events.get("heartbeat").as(Duration.class).orElse(Duration.ofSeconds(15)),
                        events.get("retry").as(Duration.class).orElse(Duration.ofSeconds(2)),
                        events.get("buffer-size").asInt().orElse(1024),
                        events.get("max-streams-per-user").asInt().orElse(32)));
    }

    /** {@code $XDG_DATA_HOME/parley}, else {@code ~/.local/share/parley}, as the XDG base directory spec says. */
    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("parley");
    }
}
