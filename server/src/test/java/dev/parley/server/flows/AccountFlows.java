package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.OAuthError;
import dev.parley.api.TokenResponse;
import dev.parley.api.User;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /users}, {@code GET /users/me} and {@code POST /logout}. */
abstract class AccountFlows extends FlowSuite {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void registeringAnswers201WithTheUser() {
        String email = ApiClient.uniqueEmail();

        Response response = api().register(email, PASSWORD);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode user = response.json();
        assertThat(fieldNames(user)).containsExactlyInAnyOrder("id", "email", "created_at");
        assertThat(user.path("id").isIntegralNumber()).isTrue();
        assertThat(user.path("email").asText()).isEqualTo(email);
        assertThat(user.path("created_at").asText()).matches(TIME);
        assertThat(response.body()).doesNotContain(PASSWORD);
    }

    @Test
    void anEmailIsTakenInAnyLetterCase() {
        String email = "Mixed." + UUID.randomUUID() + "@Example.COM";
        assertThat(api().register(email, PASSWORD).status()).isEqualTo(201);

        assertProblem(api().register(email.toLowerCase(java.util.Locale.ROOT), PASSWORD), 409, PASSWORD);
        assertProblem(api().register(email.toUpperCase(java.util.Locale.ROOT), PASSWORD), 409, PASSWORD);
    }

    @Test
    void logInIgnoresTheLetterCaseOfTheEmail() {
        String email = "Case." + UUID.randomUUID() + "@example.com";
        api().register(email, PASSWORD);

        assertThat(api().passwordGrant(email.toUpperCase(java.util.Locale.ROOT), PASSWORD)
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not-an-email", "a@", "@example.com", "two@@example.com", "a b@example.com"})
    void anInvalidEmailIs422(String email) {
        assertInvalid(api().register(email, PASSWORD), "email", PASSWORD);
    }

    @Test
    void aMissingEmailOrPasswordIs422() {
        assertInvalid(api().post("/users").json(Map.of("password", PASSWORD)).send(), "email", PASSWORD);
        assertInvalid(
                api().post("/users")
                        .json(Map.of("email", ApiClient.uniqueEmail()))
                        .send(),
                "password");
    }

    @Test
    void aPasswordOfFewerThanEightCharactersIs422() {
        assertInvalid(api().register(ApiClient.uniqueEmail(), "seven77"), "password", "seven77");
        assertThat(api().register(ApiClient.uniqueEmail(), "eight888").status()).isEqualTo(201);
    }

    @Test
    void passwordLengthCountsCharactersNotBytes() {
        // Eight characters, sixteen UTF-8 bytes: long enough.
        assertThat(api().register(ApiClient.uniqueEmail(), "éééééééé").status()).isEqualTo(201);
        assertInvalid(api().register(ApiClient.uniqueEmail(), "ééééééé"), "password");
    }

    @Test
    void aPasswordOverSeventyTwoUtf8BytesIs422() {
        String eightyBytes = "é".repeat(40);
        assertInvalid(api().register(ApiClient.uniqueEmail(), eightyBytes), "password", eightyBytes);
        assertInvalid(api().register(ApiClient.uniqueEmail(), "a".repeat(73)), "password", "a".repeat(73));
        assertThat(api().register(ApiClient.uniqueEmail(), "a".repeat(72)).status())
                .isEqualTo(201);
    }

    @Test
    void aPasswordOfSixtyUtf8BytesRegistersAndLogsIn() {
        String sixtyBytes = "é".repeat(30);
        String email = ApiClient.uniqueEmail();

        assertThat(api().register(email, sixtyBytes).status()).isEqualTo(201);

        assertThat(api().passwordGrant(email, sixtyBytes).status()).isEqualTo(200);
        assertThat(api().post("/token")
                        .json(Map.of("email", email, "password", sixtyBytes))
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPasswordThatIsNotWellFormedUnicodeIs422() {
        // Eight unpaired surrogates: bcrypt would hash them as "????????", which would then log in too.
        String body = "{\"email\":\"" + ApiClient.uniqueEmail() + "\",\"password\":\"" + "\\ud800".repeat(8) + "\"}";

        assertInvalid(api().post("/users").body("application/json", body).send(), "password");
    }

    @Test
    void usersMeShowsTheCallersAccount() {
        Account account = newAccount();

        Response response = api().get("/users/me").as(account).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.as(User.class)).isEqualTo(account.user());
        assertThat(response.header("Cache-Control")).hasValue("no-store");
    }

    @Test
    void logOutEndsTheTokenAndTheRefreshTokensIssuedWithIt() {
        Account account = newAccount();

        Response logout = api().post("/logout").as(account).send();

        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.body()).isEmpty();
        assertUnauthorized(api().get("/users/me").as(account).send(), account.accessToken());
        Response refresh = api().refreshGrant(account.refreshToken());
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.oauthError().error()).isEqualTo("invalid_grant");
    }

    @Test
    void logOutLeavesTheUsersOtherLogInsWorking() {
        Account account = newAccount();
        TokenResponse otherLogIn = api().logIn(account.email(), account.password());

        assertThat(api().post("/logout").as(account).send().status()).isEqualTo(204);

        assertThat(api().get("/users/me")
                        .bearer(otherLogIn.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api().refreshGrant(otherLogIn.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void logOutWithoutATokenIs401() {
        assertUnauthorized(api().post("/logout").send());
    }

    @Test
    void logOutSurvivesARestart() {
        try (TestServer server = servers().start(Map.of())) {
            ApiClient api = ApiClient.of(server);
            Account loggedOut = api.newAccount();
            Account stillIn = api.newAccount();
            assertThat(api.post("/logout").as(loggedOut).send().status()).isEqualTo(204);

            server.restart();

            assertUnauthorized(api.get("/users/me").as(loggedOut).send());
            OAuthError refused = api.refreshGrant(loggedOut.refreshToken()).oauthError();
            assertThat(refused.error()).isEqualTo("invalid_grant");
            assertThat(api.get("/users/me").as(stillIn).send().status()).isEqualTo(200);
        }
    }

    @Test
    void logOutSurvivesARestartWhileTheTokenIsWithinItsClockSkew() {
        // Tokens that expire at once stay accepted for the verifier's clock skew (seconds): a log-out
        // must keep them refused across a restart for as long as they would otherwise be accepted.
        try (TestServer server = servers().start(Map.of("parley.auth.access-token-ttl", "PT0S"))) {
            ApiClient api = ApiClient.of(server);
            Account loggedOut = api.newAccount();
            Account control = api.newAccount();
            assertThat(api.post("/logout").as(loggedOut).send().status()).isEqualTo(204);

            server.restart();

            assumeTrue(
                    api.get("/users/me").as(control).send().status() == 200,
                    "the restart took longer than the clock skew, so no token of this test is live any more");
            assertUnauthorized(api.get("/users/me").as(loggedOut).send());
        }
    }
}
