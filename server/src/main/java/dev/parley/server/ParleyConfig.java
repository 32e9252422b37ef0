package dev.parley.server;

import dev.parley.api.Wire;
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
    public record Database(
            Optional<String> url, Optional<String> user, Optional<String> password, int poolSize, int readerPoolSize) {

        @Override
        public String toString() {
            return "Database[url=" + url.map(u -> u.replaceFirst("\\?.*", "?…")).orElse("(the data directory's)")
                    + ", user=" + user.orElse("(none)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
                    + ", poolSize=" + poolSize + ", readerPoolSize=" + readerPoolSize + "]";
        }
    }

    /**
     * Passwords and tokens. bcrypt runs on {@code hashingThreads} threads, their nice value
     * raised by {@code hashingNiceness} (0 to 19); a password check or hash that waited longer than
     * {@code maxHashingWait} for one is not done (503). {@code jwtSecret} is a
     * base64 (or base64url) HMAC key of at least 256 bits; when absent, a key is generated at first
     * start and kept in the data directory.
     */
    public record Auth(
            int bcryptCost,
            int hashingThreads,
            int hashingNiceness,
            Duration maxHashingWait,
            Optional<String> jwtSecret,
            String issuer,
            String audience,
            Duration accessTokenTtl,
            Duration refreshTokenTtl,
            LoginThrottle loginThrottle) {}

    /**
     * Failed log-ins counted per client address and per account-and-address pair within
     * {@code window}; past the maximum, {@code POST /token} answers 429 until the window has passed.
     * Behind the reverse proxies at {@code trustedProxies}, the client address is the one they
     * forward ({@code X-Forwarded-For}).
     */
    public record LoginThrottle(
            int maxFailuresPerAddress, int maxFailuresPerAccount, Duration window, List<String> trustedProxies) {}

    /**
     * Request limits of the API: the largest body, the bytes of all bodies being read at once, the
     * largest header section, per-user rates of the two requests that store something (creating a
     * session, posting a message), the rate of registrations per client address, and how long a
     * client may take to send a request's headers (after its request line) and its body.
     */
    public record Limits(
            long maxBodyBytes,
            long maxBodyBytesInFlight,
            long maxHeaderBytes,
            RateLimit sessions,
            RateLimit messages,
            RateLimit registrations,
            RateLimit searches,
            Duration headersTimeout,
            Duration bodyTimeout) {}

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
     * a browser's EventSource) opens a stream within {@code ticketTtl} of its issue, or not at all. A
     * stream whose write has not completed within {@code writeTimeout} (its client stopped reading)
     * is ended, its connection closed.
     */
    public record Events(
            Duration heartbeat,
            Duration retry,
            int bufferSize,
            long bufferBytes,
            long maxBufferedBytes,
            int maxStreamsPerUser,
            int maxStreamsPerAddress,
            int maxStreams,
            Duration ticketTtl,
            Duration writeTimeout) {}

    /** The lowest bcrypt cost an operator may configure (tests build their config with less). */
    static final int MIN_BCRYPT_COST = 10;

    public static ParleyConfig from(Config root) {
        Config parley = root.get("parley");
        Config auth = parley.get("auth");
        Config throttle = auth.get("login-throttle");
        Config events = parley.get("events");
        int bcryptCost = required(auth.get("bcrypt-cost"), Integer.class);
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > 31) {
            throw new IllegalStateException("parley.auth.bcrypt-cost is " + bcryptCost + "; it must be from "
                    + MIN_BCRYPT_COST + " to 31 (default 12)");
        }
        int hashingThreads = required(auth.get("hashing-threads"), Integer.class);
        int hashingNiceness = required(auth.get("hashing-niceness"), Integer.class);
        if (hashingNiceness < 0 || hashingNiceness > 19) {
            throw new IllegalStateException(
                    "parley.auth.hashing-niceness is " + hashingNiceness + "; it must be from 0 to 19 (default 5)");
        }
        return new ParleyConfig(
                parley.get("data-dir").as(Path.class).orElseGet(ParleyConfig::defaultDataDir),
                database(parley.get("database")),
                new Auth(
                        bcryptCost,
                        hashingThreads == 0
                                ? Runtime.getRuntime().availableProcessors()
                                : positive(auth.get("hashing-threads")),
                        hashingNiceness,
                        positiveDuration(auth.get("max-hashing-wait")),
                        auth.get("jwt-secret").asString().asOptional().filter(s -> !s.isBlank()),
                        required(auth.get("issuer"), String.class),
                        required(auth.get("audience"), String.class),
                        // Zero is allowed: tokens born expired are how the tests reach expiry.
                        required(auth.get("access-token-ttl"), Duration.class),
                        required(auth.get("refresh-token-ttl"), Duration.class),
                        new LoginThrottle(
                                positive(throttle.get("max-failures-per-address")),
                                positive(throttle.get("max-failures-per-account")),
                                positiveDuration(throttle.get("window")),
                                entries(throttle.get("trusted-proxies")))),
                new Limits(
                        positiveLong(parley.get("limits.max-body-bytes")),
                        positiveLong(parley.get("limits.max-body-bytes-in-flight")),
                        positiveLong(parley.get("limits.max-header-bytes")),
                        rateLimit(parley.get("limits.sessions")),
                        rateLimit(parley.get("limits.messages")),
                        rateLimit(parley.get("limits.registrations")),
                        rateLimit(parley.get("limits.searches")),
                        positiveDuration(parley.get("limits.headers-timeout")),
                        positiveDuration(parley.get("limits.body-timeout"))),
                new Events(
                        heartbeat(events.get("heartbeat")),
                        positiveDuration(events.get("retry")),
                        positive(events.get("buffer-size")),
                        positiveLong(events.get("buffer-bytes")),
                        positiveLong(events.get("max-buffered-bytes")),
                        positive(events.get("max-streams-per-user")),
                        positive(events.get("max-streams-per-address")),
                        positive(events.get("max-streams")),
                        // Zero is allowed, as for tokens: tickets born expired are how the tests reach expiry.
                        required(events.get("ticket-ttl"), Duration.class),
                        positiveDuration(events.get("write-timeout"))));
    }

    /** The {@code parley.database} settings alone; {@code parley server copy-data} reads its target so. */
    static Database database(Config database) {
        Optional<String> password =
                database.get("password").asString().asOptional().filter(p -> !p.isEmpty());
        Optional<Path> passwordFile =
                database.get("password-file").as(Path.class).asOptional();
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new IllegalStateException("set parley.database.password or parley.database.password-file, not both");
        }
        return new Database(
                database.get("url").asString().asOptional().map(String::strip).filter(u -> !u.isEmpty()),
                database.get("user").asString().asOptional().filter(u -> !u.isBlank()),
                passwordFile.isPresent() ? Optional.of(readPassword(passwordFile.get())) : password,
                positive(database.get("pool-size")),
                positive(database.get("reader-pool-size")));
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
            throw new IllegalStateException(
                    "cannot read parley.database.password-file " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /**
     * A setting's value. Every setting Parley reads has its default in application.yaml, the
     * lowest source of every configuration, and nowhere else: a missing one is a broken build.
     */
    private static <T> T required(Config setting, Class<T> type) {
        return setting.as(type)
                .orElseThrow(() -> new IllegalStateException(
                        setting.key() + " is not set: application.yaml, which holds every default, is missing it"));
    }

    private static int positive(Config setting) {
        int value = required(setting, Integer.class);
        if (value < 1) {
            throw new IllegalStateException(setting.key() + " is " + value + "; it must be at least 1");
        }
        return value;
    }

    private static long positiveLong(Config setting) {
        long value = required(setting, Long.class);
        if (value < 1) {
            throw new IllegalStateException(setting.key() + " is " + value + "; it must be at least 1");
        }
        return value;
    }

    private static Duration positiveDuration(Config setting) {
        Duration duration = required(setting, Duration.class);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalStateException(setting.key() + " must be a positive duration, not " + duration);
        }
        return duration;
    }

    /**
     * Clients take a stream silent for {@link Wire#STREAM_SILENCE_LIMIT} for dead: a heartbeat of more
     * than a third of it would have them reconnect whenever a session is quiet and a beat is late.
     */
    private static Duration heartbeat(Config setting) {
        Duration heartbeat = positiveDuration(setting);
        if (heartbeat.multipliedBy(3).compareTo(Wire.STREAM_SILENCE_LIMIT) > 0) {
            throw new IllegalStateException(setting.key() + " is " + heartbeat + "; it must be at most a third of"
                    + " the " + Wire.STREAM_SILENCE_LIMIT.toSeconds()
                    + " s after which clients take a silent stream for dead");
        }
        return heartbeat;
    }

    private static RateLimit rateLimit(Config node) {
        return new RateLimit(
                positiveLong(node.get("burst")),
                positiveLong(node.get("refill")),
                positiveDuration(node.get("period")));
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
