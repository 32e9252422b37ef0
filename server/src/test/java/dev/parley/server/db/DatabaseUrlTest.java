package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which SQLite file the configured URL names; PostgreSQL URLs are covered by the PostgreSQL tests. */
class DatabaseUrlTest {

    @TempDir
    Path dir;

    @Test
    void withoutAUrlTheDefaultFileIsUsed() {
        try (Database db = Database.open(settings(Optional.empty()), dir.resolve("default.db"))) {
            assertThat(db.isReachable()).isTrue();
        }
        assertThat(dir.resolve("default.db")).isRegularFile();
    }

    @Test
    void aFilePathNamesAnotherSqliteFile() {
        Path file = dir.resolve("elsewhere.db");

        try (Database db = Database.open(settings(Optional.of(file.toString())), dir.resolve("default.db"))) {
            assertThat(db.isReachable()).isTrue();
        }
        assertThat(file).isRegularFile();
        assertThat(dir.resolve("default.db")).doesNotExist();
    }

    @Test
    void aSqliteUrlNamesAnotherSqliteFile() {
        Path file = dir.resolve("by-url.db");

        try (Database db = Database.open(settings(Optional.of("jdbc:sqlite:" + file)), dir.resolve("default.db"))) {
            assertThat(db.isReachable()).isTrue();
        }
        assertThat(file).isRegularFile();
        assertThat(dir.resolve("default.db")).doesNotExist();
    }

    private static ParleyConfig.Database settings(Optional<String> url) {
        return new ParleyConfig.Database(url, Optional.empty(), Optional.empty(), 10, 2);
    }
}
