package dev.parley.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Where and how logins are stored: owner-only, atomic, one per server, and PARLEY_TOKEN above them. */
class CredentialsStorageTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void credentialsFileIsOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        cli.newLogin(PASSWORD);

        Path file = cli.credentialsFile();
        assertThat(file).isEqualTo(home.resolve("config/parley/credentials.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void writingLeavesNoTemporaryFileBehind() throws IOException {
        cli.newLogin(PASSWORD);
        cli.newLogin(PASSWORD);

        try (Stream<Path> files = Files.list(cli.credentialsFile().getParent())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("credentials.json", "credentials.json.lock");
        }
    }

    @Test
    void withoutXdgConfigHomeTheFileIsUnderHomeDotConfig() {
        Cli plain = cli.without("XDG_CONFIG_HOME");
        plain.newLogin(PASSWORD);

        assertThat(home.resolve(".config/parley/credentials.json")).isRegularFile();
        assertThat(plain.run("whoami", "--json").json().get("credentials_file").asText())
                .isEqualTo(home.resolve(".config/parley/credentials.json").toString());
    }

    @Test
    void aCredentialsFileOthersMayReadIsRefused() throws IOException {
        cli.newLogin(PASSWORD);
        Files.setPosixFilePermissions(cli.credentialsFile(), PosixFilePermissions.fromString("rw-r-----"));

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(1);
        assertThat(whoami.err())
                .startsWith("parley: permissions 0640 of " + cli.credentialsFile() + " are too open")
                .contains("chmod 600")
                .hasLineCount(1);
        assertThat(whoami.out()).isEmpty();
    }

    @Test
    void aSecondServerKeepsTheFirstLogin() throws IOException {
        try (TestServer second = TestServer.start()) {
            String first = cli.newLogin(PASSWORD);
            Cli secondCli = cli.with("PARLEY_SERVER", second.baseUri().toString());
            String other = secondCli.newLogin(PASSWORD);

            Result onFirst = cli.run("whoami", "--json");
            Result onSecond =
                    cli.run("whoami", "--json", "--server", second.baseUri().toString());

            assertThat(onFirst.json().get("email").asText()).isEqualTo(first);
            assertThat(onSecond.json().get("email").asText()).isEqualTo(other);
            assertThat(onSecond.json().get("server").asText())
                    .isEqualTo(second.baseUri().toString());
            JsonNode stored = Json.mapper().readTree(cli.credentialsFile().toFile());
            assertThat(stored.get("servers")).hasSize(2);
            assertThat(stored.get("servers").findValuesAsText("server"))
                    .containsExactlyInAnyOrder(
                            server.baseUri().toString(), second.baseUri().toString());
            assertThat(stored.get("servers").get(0).fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder(
                            "server", "email", "access_token", "refresh_token", "access_token_expires_at");
        }
    }

    @Test
    void oneServerHasOneEntryHoweverItsUrlIsSpelled() throws IOException {
        cli.newLogin(PASSWORD);
        String spelledOtherwise = "HTTP://127.0.0.1:" + server.port() + "/";

        String second = cli.with("PARLEY_SERVER", spelledOtherwise).newLogin(PASSWORD);

        JsonNode stored = Json.mapper().readTree(cli.credentialsFile().toFile());
        assertThat(stored.get("servers")).hasSize(1);
        assertThat(stored.get("servers").get(0).get("server").asText())
                .isEqualTo(server.baseUri().toString());
        assertThat(stored.get("servers").get(0).get("email").asText()).isEqualTo(second);
    }

    @Test
    void parleyTokenStandsInForTheStoredLogin() {
        cli.newLogin(PASSWORD);
        ApiClient.Account someoneElse = ApiClient.of(server).newAccount();

        Result whoami = cli.with("PARLEY_TOKEN", someoneElse.accessToken()).run("whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.json().get("email").asText()).isEqualTo(someoneElse.email());
        assertThat(whoami.json().get("token_source").asText()).isEqualTo("PARLEY_TOKEN");
        assertThat(whoami.json().has("access_token_expires_at")).isFalse();
    }

    @Test
    void parleyTokenWorksWithoutAnyStoredLogin() {
        ApiClient.Account account = ApiClient.of(server).newAccount();

        Result whoami = cli.with("PARLEY_TOKEN", account.accessToken()).run("whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).contains(account.email()).contains("from PARLEY_TOKEN");
    }

    @Test
    void aRejectedParleyTokenMeansNotLoggedIn() {
        cli.newLogin(PASSWORD);

        Result whoami = cli.with("PARLEY_TOKEN", "not-a-token").run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(3);
        assertThat(whoami.err()).startsWith("parley: not logged in to ").hasLineCount(1);
    }

    @Test
    void logoutWithParleyTokenRevokesThatTokenAndKeepsTheStoredLogin() {
        String email = cli.newLogin(PASSWORD);
        ApiClient.Account account = ApiClient.of(server).newAccount();

        Result loggedOut = cli.with("PARLEY_TOKEN", account.accessToken()).run("logout");

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(ApiClient.of(server).get("/users/me").as(account).send().status())
                .isEqualTo(401);
        assertThat(cli.run("whoami", "--json").json().get("email").asText()).isEqualTo(email);
    }
}
