package dev.parley.server;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parley's own settings (the {@code parley} node of the configuration), read once in {@link Main}
 * and handed to the features as small typed records. The webserver's settings stay under
 * {@code server} in Helidon's own format.
 */
public record ParleyConfig(Path dataDir, Database database, Auth auth, Limits limits) {

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

    /**
     * Request limits of the API: the largest body and header section, per-user rates of the two requests that store
     * something (creating a session, posting a message), and how long a client may take to send a
     * request's headers (after its request line) and its body.
     */
    public record Limits(long maxBodyBytes, long maxHeaderBytes, RateLimit sessions, RateLimit messages, Duration headersTimeout,
            Duration bodyTimeout) {
    }

    /**
     * A token bucket per user: up to {@code burst} requests at once, then {@code refill} more per
     * {@code period}, so {@code refill / period} is the rate a user can keep up.
     */
    public record RateLimit(long burst, long refill, Duration period) {

        /** How long an emptied bucket takes to be full again; past it, a user's bucket need not be kept. */
        public Duration timeToFill() {
            return period.multipliedBy(burst).dividedBy(refill);
        }
    }

    /**
     * Browser origins ({@code https://chat.example.com}, or {@code *}) allowed to call the API from
     * their pages (CORS); none by default. Read on its own: only the webserver's set-up needs it.
     */
    public record Cors(List<String> allowedOrigins) {

        private static final Pattern ORIGIN = Pattern.compile("\\*|https?://[^/\\s]+");

        public static Cors from(Config root) {
            List<String> origins = root.get("parley.cors.allowed-origins").asList(String.class).orElse(List.of()).stream()
                    .map(String::strip)
                    .filter(origin -> !origin.isEmpty())
                    .toList();
            for (String origin : origins) {
                if (!ORIGIN.matcher(origin).matches()) {
                    throw new IllegalStateException("parley.cors.allowed-origins: " + origin
                            + " is not an origin such as https://chat.example.com (scheme, host and port only) or *");
                }
            }
            return new Cors(origins);
        }
    }

    /** The lowest bcrypt cost an operator may configure (tests build their config with less). */
    static final int MIN_BCRYPT_COST = 10;

    public static ParleyConfig from(Config root) {
        Config parley = root.get("parley");
        Config auth = parley.get("auth");
        Config throttle = auth.get("login-throttle");
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
                new Limits(
                        parley.get("limits.max-body-bytes").asLong().orElse(64 * 1024L),
                        parley.get("limits.max-header-bytes").asLong().orElse(8 * 1024L),
                        rateLimit(parley.get("limits.sessions"), "parley.limits.sessions", 50, 120, Duration.ofHours(1)),
                        rateLimit(parley.get("limits.messages"), "parley.limits.messages", 60, 30, Duration.ofSeconds(1)),
                        positive(parley.get("limits.headers-timeout"), "parley.limits.headers-timeout", Duration.ofSeconds(20)),
                        positive(parley.get("limits.body-timeout"), "parley.limits.body-timeout", Duration.ofSeconds(30))));
    }

    private static RateLimit rateLimit(Config node, String name, long burst, long refill, Duration period) {
        RateLimit limit = new RateLimit(
                node.get("burst").asLong().orElse(burst),
                node.get("refill").asLong().orElse(refill),
                node.get("period").as(Duration.class).orElse(period));
        if (limit.burst() < 1 || limit.refill() < 1 || limit.period().isNegative() || limit.period().isZero()) {
            throw new IllegalStateException(name + " needs a burst and a refill of at least 1 and a positive period, not "
                    + limit.burst() + ", " + limit.refill() + " and " + limit.period());
        }
        return limit;
    }

    private static Duration positive(Config node, String name, Duration orElse) {
        Duration duration = node.as(Duration.class).orElse(orElse);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalStateException(name + " must be a positive duration, not " + duration);
        }
        return duration;
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
