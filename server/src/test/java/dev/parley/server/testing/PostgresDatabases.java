package dev.parley.server.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fresh, empty PostgreSQL databases for tests: each is created through the administrator's URL in
 * {@value #ADMIN_URL_VARIABLE} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) and
 * dropped again on {@link Temporary#close()}, so no test sees another's rows or schema.
 */
public final class PostgresDatabases {

    /** The environment variable that enables the PostgreSQL tests and says where to make databases. */
    public static final String ADMIN_URL_VARIABLE = "PARLEY_TEST_POSTGRES_URL";

    /** Why the PostgreSQL tests were skipped, for JUnit's {@code disabledReason}. */
    public static final String SKIPPED = "PostgreSQL tests skipped: set " + ADMIN_URL_VARIABLE
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres) to run them";

    /** jdbc:postgresql://HOST[:PORT][/DATABASE][?PARAMETERS]: the database part is swapped for each test's own. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresDatabases() {}

    /** A database of its own, with the URL a server connects to it by; dropped on close. */
    public record Temporary(String name, String url) implements AutoCloseable {

        /** Ends the connections to this database that {@code applicationName} opened, as a restart would. */
        public void cutConnections(String applicationName) {
            // With a timeout, pg_terminate_backend returns once the backend is gone, not merely signalled.
            execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND application_name = '" + applicationName.replace("'", "''") + "'");
        }

        /** Lets new connections to this database in, or (false) turns them away; open ones stay. */
        public void allowConnections(boolean allowed) {
            execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + allowed);
        }

        @Override
        public void close() {
            // FORCE: a server that failed half-way may have left a connection open.
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** Creates an empty database named {@code parley_test_<random>}. */
    public static Temporary create() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = "parley_test_" + HexFormat.of().formatHex(random);
        execute("CREATE DATABASE " + name);
        Matcher url = matchAdminUrl();
        return new Temporary(name, url.group(1) + "/" + name + (url.group(3) == null ? "" : url.group(3)));
    }

    private static void execute(String sql) {
        try (Connection admin = DriverManager.getConnection(adminUrl());
                Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + ADMIN_URL_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    private static Matcher matchAdminUrl() {
        Matcher url = URL.matcher(adminUrl());
        if (!url.matches()) {
            throw new IllegalStateException(
                    ADMIN_URL_VARIABLE + " must look like jdbc:postgresql://HOST[:PORT]/DATABASE[?user=…]");
        }
        return url;
    }

    private static String adminUrl() {
        String url = System.getenv(ADMIN_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(SKIPPED);
        }
        return url.strip();
    }
}
