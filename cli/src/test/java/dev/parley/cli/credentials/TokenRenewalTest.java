package dev.parley.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import dev.parley.cli.CliAgainstServer;
import dev.parley.cli.client.ServerUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An expired or rejected access token is renewed with the refresh token, once, and the call
 * carries on; when the refresh token is refused too, the user is told to log in again (exit 3).
 */
class TokenRenewalTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";

    @BeforeEach
    void setUp() {
        cli.newLogin(PASSWORD);
    }

    @Test
    void anExpiredAccessTokenIsRenewedBeforeTheCall() {
        StoredLogin before =
                changeStoredLogin(login -> withExpiry(login, Instant.now().minusSeconds(60)));

        Result whoami = cli.run("whoami", "--json");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        StoredLogin after = cli.storedLogin(server.baseUri());
        // The access token may be the same text: a JWT issued in the same second for the same grant.
        assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
        assertThat(after.accessTokenExpiresAt()).isAfter(Instant.now());
        assertThat(Instant.parse(whoami.json().get("access_token_expires_at").asText()))
                .isEqualTo(after.accessTokenExpiresAt());
    }

    @Test
    void aRejectedAccessTokenIsRenewedAndTheCallRetried() {
        StoredLogin before = changeStoredLogin(login -> new StoredLogin(
                login.server(),
                login.email(),
                "rejected.by.server",
                login.refreshToken(),
                login.accessTokenExpiresAt()));

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        StoredLogin after = cli.storedLogin(server.baseUri());
        assertThat(after.accessToken()).isNotEqualTo(before.accessToken());
        assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
    }

    @Test
    void aRefusedRefreshTokenMeansLoggingInAgain() {
        StoredLogin before = changeStoredLogin(login -> new StoredLogin(
                login.server(),
                login.email(),
                login.accessToken(),
                "not-a-refresh-token",
                Instant.now().minusSeconds(60)));

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(3);
        assertThat(whoami.err())
                .isEqualTo("parley: not logged in to " + server.baseUri()
                        + " (the login has expired); run 'parley login EMAIL'\n");
        assertThat(cli.storedLogin(server.baseUri())).isEqualTo(before);
    }

    @Test
    void aRejectedTokenWithARefusedRefreshTokenMeansLoggingInAgain() {
        changeStoredLogin(login -> new StoredLogin(
                login.server(),
                login.email(),
                "rejected.by.server",
                "not-a-refresh-token",
                login.accessTokenExpiresAt()));

        Result whoami = cli.run("whoami");

        assertThat(whoami.exitCode()).isEqualTo(3);
        assertThat(whoami.err())
                .startsWith("parley: not logged in to " + server.baseUri())
                .hasLineCount(1);
    }

    @Test
    void concurrentCommandsSpendTheRefreshTokenOnlyOnce() throws Exception {
        changeStoredLogin(login -> withExpiry(login, Instant.now().minusSeconds(60)));
        int commands = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Result>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(commands)) {
            for (int i = 0; i < commands; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return cli.run("whoami");
                }));
            }
            start.countDown();
            for (Future<Result> result : results) {
                Result whoami = result.get(30, TimeUnit.SECONDS);
                assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
            }
        }
        // A refresh token spent twice would have ended the login on the server.
        assertThat(cli.run("whoami").exitCode()).isZero();
    }

    @Test
    void logoutWithAnExpiredAccessTokenStillRevokesTheLogin() {
        StoredLogin before =
                changeStoredLogin(login -> withExpiry(login, Instant.now().minusSeconds(60)));

        Result loggedOut = cli.run("logout");

        assertThat(loggedOut.exitCode()).as(loggedOut.toString()).isZero();
        assertThat(cli.credentials().find(ServerUrl.parse(server.baseUri().toString())))
                .isEmpty();
        assertThat(dev.parley.server.testing.ApiClient.of(server)
                        .refreshGrant(before.refreshToken())
                        .status())
                .isEqualTo(400);
    }

    /** Rewrites the stored login; returns it as it is afterwards. */
    private StoredLogin changeStoredLogin(UnaryOperator<StoredLogin> change) {
        Optional<StoredLogin> changed =
                cli.credentials().update(ServerUrl.parse(server.baseUri().toString()), stored -> stored.map(change));
        return changed.orElseThrow();
    }

    private static StoredLogin withExpiry(StoredLogin login, Instant expiresAt) {
        return new StoredLogin(login.server(), login.email(), login.accessToken(), login.refreshToken(), expiresAt);
    }
}
