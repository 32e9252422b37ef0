package dev.parley.server;

import dev.parley.server.account.AccountRoutes;
import dev.parley.server.db.Database;
import dev.parley.server.db.DatabaseHealthCheck;
import dev.parley.server.docs.DocsRoutes;
import dev.parley.server.http.AuthFilter;
import dev.parley.server.http.ErrorMapping;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.ResponseHeaders;
import dev.parley.server.message.MessageRoutes;
import dev.parley.server.session.SessionRoutes;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import picocli.CommandLine;

/**
 * The composition root, and the only one: builds the database and every feature from the
 * configuration, passes each its dependencies, and starts the webserver.
 */
public final class Main {

    static final String DATABASE_FILE = "parley.db";

    private Main() {
    }

    /** {@code java -jar parley-server.jar [options]}: the same as {@code parley server [options]}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }

    /** Starts Parley as {@code config} says and returns once it accepts connections. */
    public static ParleyServer start(Config config) {
        return start(ParleyConfig.from(config), config);
    }

    /** Starts Parley with settings already read; tests use it to lower the bcrypt cost. */
    public static ParleyServer start(ParleyConfig parley, Config config) {
        LogConfig.configureRuntime();
        createPrivateDirectory(parley.dataDir());
        Clock clock = Clock.systemUTC();
        Database db = Database.openSqlite(parley.dataDir().resolve(DATABASE_FILE), parley.database().readerPoolSize());
        try {
            JsonBodies bodies = new JsonBodies(parley.limits().maxBodyBytes());
            AccountRoutes accounts = AccountRoutes.create(parley.auth(), parley.dataDir(), db, bodies, clock);
            MessageRoutes messages = new MessageRoutes(db, bodies, clock);
            Features features = new Features(accounts, new SessionRoutes(db, bodies, clock, messages::forgetSession),
                    messages, new DocsRoutes());
            WebServer server = WebServer.builder()
                    .config(config.get("server"))
                    // Helidon's own hook would stop the listeners beside ours, and ours would then find
                    // them stopping and close the database under requests still in flight.
                    // ParleyServer.close() alone stops everything, in order.
                    .shutdownHook(false)
                    .directHandlers(ErrorMapping.directHandlers())
                    .addFeature(ObserveFeature.just(
                            HealthObserver.builder().details(true).addCheck(new DatabaseHealthCheck(db)).build(),
                            MetricsObserver.create()))
                    .addFeature(OpenApiFeature.create(config.get("openapi")))
                    .routing(routing -> routing(routing, features))
                    .build()
                    .start();
            if (!server.isRunning()) {
                accounts.close();
                throw new IllegalStateException("cannot listen on " + config.get("server.host").asString().orElse("")
                        + ":" + config.get("server.port").asInt().orElse(-1) + " (is the port taken?)");
            }
            return new ParleyServer(server, accounts, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Every feature the routing serves. */
    record Features(AccountRoutes accounts, SessionRoutes sessions, MessageRoutes messages, DocsRoutes docs) {
    }

    /** The routing: filters, features and the error mapping. */
    static void routing(HttpRouting.Builder routing, Features features) {
        routing.addFilter(new ResponseHeaders())
                .addFilter(new AuthFilter(features.accounts().tokenVerifier()))
                .register(features.docs(), features.accounts(), features.sessions(), features.messages());
        ErrorMapping.register(routing);
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
