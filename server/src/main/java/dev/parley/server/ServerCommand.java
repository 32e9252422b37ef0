package dev.parley.server;

import dev.parley.version.ParleyVersion;
import io.helidon.config.Config;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley server}: runs the server in the foreground until Ctrl-C or SIGTERM. Settings come,
 * strongest first, from these options, environment variables, the {@code --config} file and the
 * built-in defaults.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = ServerCommand.VersionLine.class,
        subcommands = {CopyDataCommand.class, BackupCommand.class},
        description = "Run the Parley server (embedded SQLite, or PostgreSQL) in the foreground until Ctrl-C.",
        footer = {
            "",
            "Environment: PARLEY_HOST, PARLEY_PORT, PARLEY_DATA_DIR and PARLEY_DATABASE_URL",
            "stand for the options above. PostgreSQL's log-in: PARLEY_DATABASE_USER and",
            "PARLEY_DATABASE_PASSWORD, or PARLEY_DATABASE_PASSWORD_FILE (its first line).",
            "Any other setting of the YAML file can be given as an environment variable:",
            "upper case, dots and dashes as _, e.g. PARLEY_AUTH_BCRYPT_COST=13 for parley.auth.bcrypt-cost."
        })
public final class ServerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--host",
            defaultValue = "${env:PARLEY_HOST}",
            paramLabel = "HOST",
            description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    private String host;

    @Option(
            names = "--port",
            defaultValue = "${env:PARLEY_PORT}",
            paramLabel = "PORT",
            description = "Port to listen on (default 8080; 0 picks a free one).")
    private Integer port;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:PARLEY_DATA_DIR}",
            paramLabel = "DIR",
            description = "Where the database and signing key live (default $XDG_DATA_HOME/parley).")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of settings (see docs/operations.md).")
    private Path configFile;

    // No ${env:...} default here: PARLEY_DATABASE_URL reaches parley.database.url through the
    // environment's config source, as PARLEY_DATABASE_USER and PARLEY_DATABASE_PASSWORD do.
    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "jdbc:postgresql://HOST[:PORT]/DATABASE to use PostgreSQL (default: SQLite in the data dir).")
    private String databaseUrl;

    @Override
    public Integer call() throws InterruptedException {
        ParleyServer server;
        try {
            server = Main.start(config());
        } catch (RuntimeException e) {
            // One readable line: a bad setting or a taken port is the operator's to fix, not a crash.
            spec.commandLine().getErr().println("parley server: cannot start: " + rootMessage(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        // Ctrl-C, SIGHUP, System.exit: the JVM runs the hook and exits with its own code (130 for Ctrl-C).
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(stop));
        onSigterm(stop);
        spec.commandLine()
                .getOut()
                .printf("Parley is serving on http://%s:%d (API docs at /docs)%n", displayHost(), server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /**
     * Makes SIGTERM, the signal service managers stop services with, end in exit code 0 once the server
     * has stopped cleanly: the JVM's own handler runs the shutdown hooks and then exits with 143, which
     * systemd counts as a failure. The handler stops the server, {@link #call()} returns 0, and the
     * shutdown hooks (the one above included, which then has nothing left to do) run as on any exit.
     * {@code sun.misc.Signal} is the JDK's supported-but-unofficial way to handle a signal; it is looked
     * up reflectively because javac cannot be told to accept it without a warning. Where it is missing,
     * SIGTERM still stops the server cleanly through the hook, only with exit code 143.
     */
    private static void onSigterm(Runnable stop) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object onSignal = Proxy.newProxyInstance(
                    handler.getClassLoader(),
                    new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            stop.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "Parley's SIGTERM handler";
                    });
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance("TERM"), onSignal);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The shutdown hook stays in place; see above.
        }
    }

    private Config config() {
        Map<String, String> options = new HashMap<>();
        if (host != null) {
            options.put("server.host", host);
        }
        if (port != null) {
            options.put("server.port", port.toString());
        }
        if (dataDir != null) {
            options.put("parley.data-dir", dataDir.toAbsolutePath().toString());
        }
        if (databaseUrl != null) {
            options.put("parley.database.url", databaseUrl);
        }
        return Settings.load(options, configFile);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** {@code parley server --version}: the line the server logs at start. */
    static final class VersionLine implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ParleyVersion.ofThisBuild().line()};
        }
    }

    private String displayHost() {
        return host == null || host.isBlank() ? "127.0.0.1" : host;
    }
}
