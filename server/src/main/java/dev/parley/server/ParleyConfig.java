package dev.parley.server;

import io.helidon.config.Config;
import java.io.IOException;
import java.nio.file.Files;
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
public record ParleyConfig(Path dataDir, Database database, Auth auth, Limits limits, Events events) {

    /**
     * Which database to use. Without a {@code url} it is the SQLite file in the data directory; a
     * {@code jdbc:sqlite:} URL or a file path names another SQLite file, a {@code jdbc:postgresql:}
     * URL a PostgreSQL database. {@code poolSize} sizes PostgreSQL's pool, {@code readerPoolSize}
     * SQLite's readers. The password is kept out of {@link #toString()}, and so is the URL's query,
     * where a password may be written too.
     */
    public record Database(Optional<String> url, Optional<String> user, Optional<String> password, int poolSize,
            int readerPoolSize) {

        @Override
        public String toString() {
            return "Database[url=" + url.map(u -> u.replaceFirst("\\?.*", "?…")).orElse("(the data directory's)")
                    + ", user=" + user.orElse("(none)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
                    + ", poolSize=" + poolSize + ", readerPoolSize=" + readerPoolSize + "]";
        }
    }

    /**
     * Passwords and tokens. bcrypt runs on {@code hashingThreads} threads; a password check or hash
     * that waited longer than {@code maxHashingWait} for one is not done (503). {@code jwtSecret} is a
     * base64 (or base64url) HMAC key of at least 256 bits; when absent, a key is generated at first
     * start and kept in the data directory.
     */
    public record Auth(int bcryptCost, int hashingThreads, Duration maxHashingWait, Optional<String> jwtSecret, String issuer,
            String audience, Duration accessTokenTtl, Duration refreshTokenTtl, LoginThrottle loginThrottle) {
    }

    /**
     * Failed log-ins counted per client address and per account-and-address pair within
     * {@code window}; past the maximum, {@code POST /token} answers 429 until the window has passed.
     * Behind the reverse proxies at {@code trustedProxies}, the client address is the one they
     * forward ({@code X-Forwarded-For}).
     */
    public record LoginThrottle(int maxFailuresPerAddress, int maxFailuresPerAccount, Duration window,
            List<String> trustedProxies) {
    }

    /**
     * Request limits of the API: the largest body, the bytes of all bodies being read at once, the
     * largest header section, per-user rates of the two requests that store something (creating a
     * session, posting a message), the rate of registrations per client address, and how long a
     * client may take to send a request's headers (after its request line) and its body.
     */
    public record Limits(long maxBodyBytes, long maxBodyBytesInFlight, long maxHeaderBytes, RateLimit sessions,
            RateLimit messages, RateLimit registrations, Duration headersTimeout, Duration bodyTimeout) {
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
            List<String> origins = entries(root.get("parley.cors.allowed-origins"));
            for (String origin : origins) {
                if (!ORIGIN.matcher(origin).matches()) {
                    throw new IllegalStateException("parley.cors.allowed-origins: " + origin
                            + " is not an origin such as https://chat.example.com (scheme, host and port only) or *");
                }
            }
            return new Cors(origins);
        }
    }

    /**
     * Live event streams: a comment every {@code heartbeat} keeps idle ones open, {@code retry} is the
     * reconnection delay advised to clients, a stream with {@code bufferSize} events or
     * {@code bufferBytes} bytes not yet written is ended (its client resumes from its last id), as is
     * one behind when all streams together hold {@code maxBufferedBytes}; one user may hold
     * {@code maxStreamsPerUser} streams at once, one client address {@code maxStreamsPerAddress}
     * (whatever accounts it registered), and the whole server {@code maxStreams}. A stream ticket (for
     * a browser's EventSource) opens a stream within {@code ticketTtl} of its issue, or not at all.
     */
    public record Events(Duration heartbeat, Duration retry, int bufferSize, long bufferBytes, long maxBufferedBytes,
            int maxStreamsPerUser, int maxStreamsPerAddress, int maxStreams, Duration ticketTtl) {
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
                database(parley.get("database")),
                new Auth(
                        bcryptCost,
                        positive(auth.get("hashing-threads"), Runtime.getRuntime().availableProcessors()),
                        positive(auth.get("max-hashing-wait"), "parley.auth.max-hashing-wait", Duration.ofSeconds(10)),
                        auth.get("jwt-secret").asString().asOptional().filter(s -> !s.isBlank()),
                        auth.get("issuer").asString().orElse("parley"),
                        auth.get("audience").asString().orElse("parley"),
                        auth.get("access-token-ttl").as(Duration.class).orElse(Duration.ofMinutes(15)),
                        auth.get("refresh-token-ttl").as(Duration.class).orElse(Duration.ofDays(30)),
                        new LoginThrottle(
                                throttle.get("max-failures-per-address").asInt().orElse(50),
                                throttle.get("max-failures-per-account").asInt().orElse(10),
                                throttle.get("window").as(Duration.class).orElse(Duration.ofMinutes(15)),
                                entries(throttle.get("trusted-proxies")))),
                new Limits(
                        parley.get("limits.max-body-bytes").asLong().orElse(64 * 1024L),
                        parley.get("limits.max-body-bytes-in-flight").asLong().orElse(16 * 1024 * 1024L),
                        parley.get("limits.max-header-bytes").asLong().orElse(8 * 1024L),
                        rateLimit(parley.get("limits.sessions"), "parley.limits.sessions", 50, 120, Duration.ofHours(1)),
                        rateLimit(parley.get("limits.messages"), "parley.limits.messages", 60, 30, Duration.ofSeconds(1)),
                        rateLimit(parley.get("limits.registrations"), "parley.limits.registrations", 20, 20, Duration.ofHours(1)),
                        positive(parley.get("limits.headers-timeout"), "parley.limits.headers-timeout", Duration.ofSeconds(20)),
                        positive(parley.get("limits.body-timeout"), "parley.limits.body-timeout", Duration.ofSeconds(30))),
                new Events(
                        events.get("heartbeat").as(Duration.class).orElse(Duration.ofSeconds(15)),
                        events.get("retry").as(Duration.class).orElse(Duration.ofSeconds(2)),
                        events.get("buffer-size").asInt().orElse(1024),
                        events.get("buffer-bytes").asLong().orElse(256L * 1024),
                        events.get("max-buffered-bytes").asLong().orElse(16L * 1024 * 1024),
                        events.get("max-streams-per-user").asInt().orElse(32),
                        positive(events.get("max-streams-per-address"), 256),
                        events.get("max-streams").asInt().orElse(1500),
                        events.get("ticket-ttl").as(Duration.class).orElse(Duration.ofMinutes(1))));
    }

    /** The {@code parley.database} settings alone; {@code parley server copy-data} reads its target so. */
    static Database database(Config database) {
        Optional<String> password = database.get("password").asString().asOptional().filter(p -> !p.isEmpty());
        Optional<Path> passwordFile = database.get("password-file").as(Path.class).asOptional();
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new IllegalStateException(
                    "set parley.database.password or parley.database.password-file, not both");
        }
        return new Database(
                database.get("url").asString().asOptional().map(String::strip).filter(u -> !u.isEmpty()),
                database.get("user").asString().asOptional().filter(u -> !u.isBlank()),
                passwordFile.isPresent() ? Optional.of(readPassword(passwordFile.get())) : password,
                positive(database.get("pool-size"), 10),
                positive(database.get("reader-pool-size"), 4));
    }

    /**
     * A list setting's entries, stripped, empty ones left out: as YAML or as an environment variable
     * ({@code A, B,}) alike.
     */
    private static List<String> entries(Config list) {
        return list.asList(String.class).orElse(List.of()).stream()
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    /** The file's first line: what {@code echo secret > file} and secret managers' mounted files hold. */
    private static String readPassword(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read parley.database.password-file " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static int positive(Config setting, int defaultValue) {
        int value = setting.asInt().orElse(defaultValue);
        if (value < 1) {
            throw new IllegalStateException(setting.key() + " is " + value + "; it must be at least 1");
        }
        return value;
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
