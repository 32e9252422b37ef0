package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key that signs access tokens: generated once into the data directory, private, kept across
 * restarts; a key file others may read, or shorter than 256 bits, stops the start. The data
 * directory and the database files in it are private too.
 */
class SigningKeyTest {

    private static final String KEY_FILE = "jwt-signing-key";

    @TempDir
    Path dataDir;

    @Test
    void theGeneratedKeyFileIsReadableByTheOwnerOnly() throws IOException {
        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            Path key = server.dataDir().resolve(KEY_FILE);

            assertThat(key).isRegularFile();
            assertThat(Files.getPosixFilePermissions(key))
                    .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void theKeyIsReusedSoTokensSurviveARestart() throws IOException {
        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            String keyBefore = Files.readString(dataDir.resolve(KEY_FILE));

            server.restart();

            assertThat(Files.readString(dataDir.resolve(KEY_FILE))).isEqualTo(keyBefore);
            assertThat(api.get("/users/me").as(account).send().status()).isEqualTo(200);
        }
    }

    @Test
    void aNewDataDirectoryIsCreatedPrivate() {
        Path fresh = dataDir.resolve("nested").resolve("parley");

        try (TestServer server = TestServer.start(fresh, Map.of())) {
            assertThat(server.dataDir()).isEqualTo(fresh).isDirectory();
        }
        assertThat(permissionsOf(fresh))
                .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aConfiguredSecretIsUsedAndNoKeyFileIsWritten() {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);

        try (TestServer server = TestServer.start(dataDir, Map.of("parley.auth.jwt-secret", secret))) {
            Account account = ApiClient.of(server).newAccount();
            assertThat(account.accessToken()).isNotBlank();
        }
        assertThat(dataDir.resolve(KEY_FILE)).doesNotExist();
    }

    @Test
    void aConfiguredSecretShorterThan256BitsStopsTheStart() {
        Map<String, String> settings =
                Map.of("parley.auth.jwt-secret", Base64.getEncoder().encodeToString(new byte[31]));

        assertThatThrownBy(() ->
                        Main.start(TestServer.parleyConfig(dataDir, settings), TestServer.config(dataDir, settings)))
                .hasMessageContaining("256 bits")
                .hasMessageNotContaining(settings.get("parley.auth.jwt-secret"));
    }

    @Test
    void aKeyFileOthersMayReadStopsTheStart() throws IOException {
        Path key = writeKeyFile(Base64.getUrlEncoder().encodeToString(new byte[32]), "rw-r--r--");

        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of()))
                .hasMessageContaining(key.toString())
                .hasMessageContaining("others may not read it");
    }

    @Test
    void aKeyFileShorterThan256BitsStopsTheStart() throws IOException {
        writeKeyFile(Base64.getUrlEncoder().encodeToString(new byte[1]), "rw-------");

        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of()))
                .hasMessageContaining("is 8 bits")
                .hasMessageContaining("at least 256 bits");
    }

    @Test
    void anEmptyKeyFileStopsTheStart() throws IOException {
        writeKeyFile("", "rw-------");

        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of())).hasMessageContaining("is 0 bits");
    }

    @Test
    void anExistingDataDirectoryAndItsDatabaseFilesAreMadePrivate() throws IOException {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(
                dataDir.resolve("parley.db"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            api.post("/sessions").as(account).send();

            assertThat(permissionsOf(dataDir))
                    .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rwx------"));
            for (String file : new String[] {"parley.db", "parley.db-wal", "parley.db-shm"}) {
                assertThat(permissionsOf(dataDir.resolve(file)))
                        .as(file)
                        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void aNewDatabaseAndItsWriteAheadLogAreCreatedPrivate() {
        try (TestServer server = TestServer.start(dataDir, Map.of())) {
            ApiClient.of(server).newAccount();

            for (String file : new String[] {"parley.db", "parley.db-wal", "parley.db-shm"}) {
                assertThat(permissionsOf(dataDir.resolve(file)))
                        .as(file)
                        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private Path writeKeyFile(String content, String mode) throws IOException {
        Path key = dataDir.resolve(KEY_FILE);
        Files.writeString(key, content);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        return key;
    }

    private static java.util.Set<PosixFilePermission> permissionsOf(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
