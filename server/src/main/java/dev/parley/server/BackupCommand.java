package dev.parley.server;

import dev.parley.server.db.Database;
import dev.parley.server.db.SqliteBackup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley server backup FILE}: a consistent copy of the server's SQLite database, made while
 * the server runs (see {@link SqliteBackup}). It finds the database as the server does, from the same
 * options, environment variables and {@code --config} file. PostgreSQL has its own tool for this.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copy the SQLite database of a server, running or not, into FILE: the database as of one"
                + " moment, while posting goes on.",
        footer = {
            "",
            "Restore: stop the server, put FILE in place of DATA_DIR/parley.db (and delete any",
            "parley.db-wal and parley.db-shm beside it), start the server (see Backups in",
            "docs/operations.md). On PostgreSQL, back up with pg_dump instead.",
            "Exit codes: 0 written, 1 nothing written (FILE exists, no database, PostgreSQL, ...)."
        })
final class BackupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The new file to write the copy to (it must not exist).")
    private Path file;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:PARLEY_DATA_DIR}",
            paramLabel = "DIR",
            description = "The server's data directory (default $XDG_DATA_HOME/parley).")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "The server's YAML file of settings.")
    private Path configFile;

    @Override
    public Integer call() {
        try {
            Map<String, String> options = new HashMap<>();
            if (dataDir != null) {
                options.put("parley.data-dir", dataDir.toAbsolutePath().toString());
            }
            ParleyConfig settings = ParleyConfig.from(Settings.load(options, configFile));
            Path database = Database.sqliteFile(
                            settings.database(), settings.dataDir().resolve(Main.DATABASE_FILE))
                    .orElseThrow(() -> new IllegalStateException("the server's database is PostgreSQL: back it up"
                            + " with pg_dump, e.g. pg_dump --format=custom --file=FILE DATABASE"));
            SqliteBackup.copy(database, file);
            spec.commandLine().getOut().println("backed up " + database + " into " + file);
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("parley server backup: " + e.getMessage());
            return 1;
        }
    }
}
