package dev.parley.server;

import dev.parley.server.db.DataCopy;
import dev.parley.server.db.Database;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley server copy-data}: moves an SQLite deployment onto PostgreSQL, keeping every id, in
 * one transaction, into a database that holds no data yet. The PostgreSQL log-in comes from the
 * environment or a file, as for the server.
 */
@Command(
        name = "copy-data",
        mixinStandardHelpOptions = true,
        description = "Copy a stopped server's SQLite database into an empty PostgreSQL database, keeping ids.",
        footer = {
            "",
            "The target's log-in: --to-user or PARLEY_DATABASE_USER, and PARLEY_DATABASE_PASSWORD",
            "or --to-password-file / PARLEY_DATABASE_PASSWORD_FILE (its first line).",
            "Exit codes: 0 copied, 1 nothing copied (a target with data, a missing file, ...)."
        })
public final class CopyDataCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "FILE",
            description = "The SQLite file (the data directory's parley.db), with its server stopped.")
    private Path from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description = "jdbc:postgresql://HOST[:PORT]/DATABASE, migrated here if it is new.")
    private String to;

    @Option(names = "--to-user", paramLabel = "USER", description = "PostgreSQL user (default PARLEY_DATABASE_USER).")
    private String user;

    @Option(
            names = "--to-password-file",
            paramLabel = "FILE",
            description = "A file whose first line is the password (default PARLEY_DATABASE_PASSWORD_FILE).")
    private Path passwordFile;

    @Override
    public Integer call() {
        LogConfig.configureRuntime();
        try {
            if (!Files.isRegularFile(from)) {
                throw new IllegalStateException("no SQLite file at " + from);
            }
            if (!to.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("--to must be a jdbc:postgresql:// URL");
            }
            DataCopy.Copied copied;
            try (Database source = Database.openSqlite(from, 1);
                    Database target = Database.open(targetSettings(), from)) {
                copied = DataCopy.copy(source, target);
            }
            spec.commandLine()
                    .getOut()
                    .println("copied "
                            + copied.rows().entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey())
                                    .collect(Collectors.joining(", "))
                            + " into " + to.replaceFirst("\\?.*", ""));
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("parley server copy-data: " + rootMessage(e));
            return 1;
        }
    }

    /** The target's settings as the server reads them: options first, then PARLEY_DATABASE_* variables. */
    private ParleyConfig.Database targetSettings() {
        Map<String, String> options = new HashMap<>();
        options.put("parley.database.url", to);
        if (user != null) {
            options.put("parley.database.user", user);
        }
        if (passwordFile != null) {
            options.put("parley.database.password-file", passwordFile.toString());
        }
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(
                        ConfigSources.create(options),
                        ConfigSources.environmentVariables(),
                        ConfigSources.classpath("application.yaml"))
                .build();
        return ParleyConfig.database(config.get("parley.database"));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return message.lines().findFirst().orElse(message);
    }
}
