package dev.parley.server;

import dev.parley.server.account.AccountRoutes;
import dev.parley.server.db.Database;
import dev.parley.server.db.DatabaseHealthCheck;
import dev.parley.server.docs.DocsRoutes;
import dev.parley.server.events.EventRoutes;
import dev.parley.server.http.AuthFilter;
import dev.parley.server.http.ClientAddress;
import dev.parley.server.http.CrossOrigin;
import dev.parley.server.http.EndlessHeadAnswers;
import dev.parley.server.http.ErrorMapping;
import dev.parley.server.http.HeaderSizeLimit;
import dev.parley.server.http.IfMatchRefusal;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.OpenConnections;
import dev.parley.server.http.RateLimits;
import dev.parley.server.http.ReadDeadlines;
import dev.parley.server.http.RequestMetrics;
import dev.parley.server.http.ResponseHeaders;
import dev.parley.server.http.SendListeners;
import dev.parley.server.message.MessageRoutes;
import dev.parley.server.metrics.JvmMeters;
import dev.parley.server.metrics.Meters;
import dev.parley.server.metrics.MetricsRoutes;
import dev.parley.server.search.SearchRoutes;
import dev.parley.server.session.MemberRoutes;
import dev.parley.server.session.SessionRoutes;
import dev.parley.version.ParleyVersion;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The composition root, and the only one: builds the database and every feature from the
 * configuration, passes each its dependencies, and starts the webserver.
 */
public final class Main {

    static final String DATABASE_FILE = "parley.db";

    private Main() {}

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
        // First, so that a log shows which build said everything after it, a failed start included. The
        // logger is made only now: one made before the logging configuration is read ignores its levels.
        System.getLogger(Main.class.getName())
                .log(System.Logger.Level.INFO, ParleyVersion.ofThisBuild().line());
        // The default SQLite file is created private; another database's files are the operator's.
        DataDirectory.makePrivate(
                parley.dataDir(),
                parley.database().url().isEmpty() ? parley.dataDir().resolve(DATABASE_FILE) : null);
        Clock clock = Clock.systemUTC();
        // Helidon's registry is one per JVM; this server's meters are removed from it when it stops.
        MetricsConfig metricsConfig = MetricsConfig.create(config.get("metrics"));
        MeterRegistry registry = Services.get(MetricsFactory.class).globalRegistry(metricsConfig);
        Meters meters = Meters.in(registry);
        JvmMeters.register(meters);
        Database db;
        try {
            db = Database.open(parley.database(), parley.dataDir().resolve(DATABASE_FILE), meters);
        } catch (RuntimeException e) {
            meters.close();
            throw e;
        }
        try {
            JsonBodies bodies = new JsonBodies(
                    parley.limits().maxBodyBytes(), parley.limits().maxBodyBytesInFlight());
            AccountRoutes accounts = AccountRoutes.create(parley.auth(), parley.dataDir(), db, bodies, clock, meters);
            ClientAddress clientAddress =
                    new ClientAddress(parley.auth().loginThrottle().trustedProxies());
            EventRoutes events =
                    new EventRoutes(db, accounts.tokenVerifier(), clientAddress, parley.events(), clock, meters);
            MessageRoutes messages = new MessageRoutes(db, bodies, clock);
            // Every committed change, in commit order; the cached pages before the streams
            // (docs/architecture.md, rule 4).
            db.changes().deliverTo(change -> {
                messages.apply(change);
                events.apply(change);
                accounts.apply(change);
            });
            Features features = new Features(
                    accounts,
                    new SessionRoutes(db, bodies, clock),
                    new MemberRoutes(db, bodies, clock),
                    messages,
                    new SearchRoutes(db),
                    events,
                    new DocsRoutes(),
                    new MetricsRoutes(registry, metricsConfig));
            int maxConnections =
                    config.get("server.max-tcp-connections").asInt().orElse(-1);
            OpenConnections connections = new OpenConnections(maxConnections);
            Guards guards = new Guards(
                    new ReadDeadlines(
                            parley.limits().headersTimeout(), parley.limits().bodyTimeout(), connections),
                    new HeaderSizeLimit(parley.limits().maxHeaderBytes()),
                    CrossOrigin.allowing(ParleyConfig.Cors.from(config).allowedOrigins()),
                    new RateLimits(parley.limits(), clientAddress, meters),
                    new RequestMetrics(meters));
            WebServerConfig serverConfig = WebServer.builder()
                    .config(config.get("server"))
                    // Helidon's own hook would stop the listeners beside ours, and ours would then find
                    // them stopping and close the database under requests still in flight.
                    // ParleyServer.close() alone stops everything, in order.
                    .shutdownHook(false)
                    .directHandlers(ErrorMapping.directHandlers())
                    .addFeature(ObserveFeature.just(HealthObserver.builder()
                            .details(true)
                            .addCheck(new DatabaseHealthCheck(db))
                            .build()))
                    .addFeature(OpenApiFeature.create(config.get("openapi")))
                    .routing(routing -> routing(routing, features, guards))
                    .buildPrototype();
            WebServer server = WebServerConfig.builder()
                    .from(serverConfig)
                    // HTTP/1.1 through OpenConnections alone, which sees every connection from its start.
                    // The configuration's server.protocols.http_1_1 would add a second selector: replaced.
                    .clearProtocols()
                    .addConnectionSelector(connections.selector(Http1Config.builder()
                            .config(config.get("server.protocols.http_1_1"))
                            .addReceiveListener(guards.readDeadlines())
                            .addSendListener(SendListeners.of(connections.endingOnClose(), new EndlessHeadAnswers()))
                            .build()))
                    .build()
                    .start();
            if (!server.isRunning()) {
                accounts.close();
                throw new IllegalStateException("cannot listen on "
                        + config.get("server.host").asString().orElse("") + ":"
                        + config.get("server.port").asInt().orElse(-1) + " (is the port taken?)");
            }
            return new ParleyServer(server, events, accounts, db, meters);
        } catch (RuntimeException e) {
            db.close();
            meters.close();
            throw e;
        }
    }

    /** Every feature the routing serves. */
    record Features(
            AccountRoutes accounts,
            SessionRoutes sessions,
            MemberRoutes members,
            MessageRoutes messages,
            SearchRoutes search,
            EventRoutes events,
            DocsRoutes docs,
            MetricsRoutes metrics) {}

    /**
     * What protects the server from its clients: slow senders, oversized headers, other sites' pages and
     * floods; and what times every request.
     */
    record Guards(
            ReadDeadlines readDeadlines,
            HeaderSizeLimit headerSizeLimit,
            Optional<CrossOrigin> crossOrigin,
            RateLimits rateLimits,
            RequestMetrics requestMetrics) {}

    /**
     * The routing: filters (the request metrics first, to time the others too; the rate limits count
     * callers, so they follow the auth filter), features and the error mapping.
     */
    static void routing(HttpRouting.Builder routing, Features features, Guards guards) {
        routing.addFilter(guards.requestMetrics())
                .addFilter(guards.readDeadlines())
                .addFilter(new ResponseHeaders())
                .addFilter(guards.headerSizeLimit());
        // Before authentication: a preflight carries no token.
        guards.crossOrigin().ifPresent(routing::addFilter);
        routing.addFilter(new AuthFilter(features.accounts().tokenVerifier()))
                .addFilter(new IfMatchRefusal())
                .addFilter(guards.rateLimits())
                .register(
                        features.docs(),
                        features.metrics(),
                        features.accounts(),
                        features.sessions(),
                        features.members(),
                        features.messages(),
                        features.search(),
                        features.events());
        ErrorMapping.register(routing);
    }
}
