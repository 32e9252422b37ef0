package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.OAuthError;
import dev.parley.api.TokenResponse;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /token}: the password and refresh-token grants, their RFC 6749 errors, and the throttle. */
abstract class TokenFlows extends FlowSuite {

    @Test
    void formPasswordGrantIssuesABearerTokenPair() {
        Account account = newAccount();

        Response response = api().passwordGrant(account.email(), account.password());

        assertTokenPair(response);
        String accessToken = response.as(TokenResponse.class).accessToken();
        assertThat(api().get("/users/me").bearer(accessToken).send().status()).isEqualTo(200);
    }

    @Test
    void grantTypeMayBeOmittedFromTheForm() {
        Account account = newAccount();

        assertTokenPair(api().token(Map.of("username", account.email(), "password", account.password())));
    }

    @Test
    void jsonPasswordGrantIsAcceptedToo() {
        Account account = newAccount();

        assertTokenPair(api().post("/token")
                .json(Map.of("email", account.email(), "password", account.password()))
                .send());
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        Account account = newAccount();

        Response wrongPassword = api().passwordGrant(account.email(), "wrong password 1");
        Response unknownEmail = api().passwordGrant(ApiClient.uniqueEmail(), "wrong password 1");

        assertOAuthError(wrongPassword, 400, "invalid_grant");
        assertOAuthError(unknownEmail, 400, "invalid_grant");
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.body()).doesNotContain("wrong password 1");
    }

    @Test
    void anEmailHoldingANulCharacterIsAnUnknownAccount() {
        Response response = api().passwordGrant("nul\u0000" + ApiClient.uniqueEmail(), "wrong password 1");

        assertOAuthError(response, 400, "invalid_grant");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "grant_type=password",
                "grant_type=password&username=a%40example.com",
                "grant_type=password&password=secret12",
                "username=&password=secret12",
                "grant_type=refresh_token"
            })
    void missingFieldsAreAnInvalidRequest(String form) {
        Response response = api().post("/token")
                .body("application/x-www-form-urlencoded", form)
                .send();

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void missingJsonFieldsAreAnInvalidRequest() {
        assertOAuthError(
                api().post("/token").json(Map.of("email", "a@example.com")).send(), 400, "invalid_request");
        assertOAuthError(api().post("/token").json(Map.of()).send(), 400, "invalid_request");
    }

    @Test
    void anUnknownGrantTypeIsUnsupported() {
        Response response = api().token(Map.of("grant_type", "foo", "username", "a@example.com", "password", "x"));

        assertOAuthError(response, 400, "unsupported_grant_type");
    }

    @Test
    void refreshGrantExchangesTheRefreshTokenForANewPair() {
        Account account = newAccount();

        Response response = api().refreshGrant(account.refreshToken());

        assertTokenPair(response);
        TokenResponse renewed = response.as(TokenResponse.class);
        assertThat(renewed.refreshToken()).isNotEqualTo(account.refreshToken());
        assertThat(api().get("/users/me").bearer(renewed.accessToken()).send().status())
                .isEqualTo(200);
        Response again = api().post("/token")
                .json(Map.of("grant_type", "refresh_token", "refresh_token", renewed.refreshToken()))
                .send();
        assertTokenPair(again);
    }

    @Test
    void aRefreshTokenIsGoodForOneExchange() {
        Account account = newAccount();
        assertThat(api().refreshGrant(account.refreshToken()).status()).isEqualTo(200);

        assertOAuthError(api().refreshGrant(account.refreshToken()), 400, "invalid_grant");
    }

    @Test
    void reusingARefreshTokenRevokesItsWholeChain() {
        Account account = newAccount();
        TokenResponse renewed = api().refreshGrant(account.refreshToken()).as(TokenResponse.class);

        assertOAuthError(api().refreshGrant(account.refreshToken()), 400, "invalid_grant");

        assertOAuthError(api().refreshGrant(renewed.refreshToken()), 400, "invalid_grant");
        assertUnauthorized(api().get("/users/me").bearer(renewed.accessToken()).send());
        assertUnauthorized(api().get("/users/me").as(account).send());
    }

    @Test
    void anUnknownRefreshTokenIsAnInvalidGrant() {
        assertOAuthError(api().refreshGrant("not-a-refresh-token"), 400, "invalid_grant");
    }

    @Test
    void anExpiredRefreshTokenIsAnInvalidGrant() {
        try (TestServer server = servers().start(Map.of("parley.auth.refresh-token-ttl", "PT0S"))) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();

            assertOAuthError(api.refreshGrant(account.refreshToken()), 400, "invalid_grant");
        }
    }

    @Test
    void repeatedFailedLogInsAreThrottledWithRetryAfter() {
        try (TestServer server = servers().start(Map.of("parley.auth.login-throttle.max-failures-per-account", "3"))) {
            ApiClient api = ApiClient.of(server);
            Account account = api.newAccount();
            for (int i = 0; i < 3; i++) {
                assertOAuthError(api.passwordGrant(account.email(), "wrong password"), 400, "invalid_grant");
            }

            Response throttled = api.passwordGrant(account.email(), "wrong password");

            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.header("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(throttled.contentType()).startsWith("application/json");
            assertThat(throttled.oauthError().error()).isNotBlank();
            // The right password does not get through either while the account is throttled here.
            assertThat(api.passwordGrant(account.email(), account.password()).status())
                    .isEqualTo(429);
        }
    }

    @Test
    void throttlingOneAccountLeavesOtherAccountsLoggingIn() {
        try (TestServer server = servers().start(Map.of("parley.auth.login-throttle.max-failures-per-account", "3"))) {
            ApiClient api = ApiClient.of(server);
            Account victim = api.newAccount();
            Account other = api.newAccount();
            for (int i = 0; i < 4; i++) {
                api.passwordGrant(victim.email(), "wrong password");
            }

            assertThat(api.passwordGrant(victim.email(), victim.password()).status())
                    .isEqualTo(429);
            assertTokenPair(api.passwordGrant(other.email(), other.password()));
        }
    }

    @Test
    void behindATrustedProxyFailuresCountForTheForwardedAddressNotForTheProxy() {
        try (TestServer server = servers()
                .start(Map.of(
                        "parley.auth.login-throttle.max-failures-per-account",
                        "3",
                        "parley.auth.login-throttle.trusted-proxies",
                        "127.0.0.1"))) {
            ApiClient api = ApiClient.of(server);
            Account victim = api.newAccount();
            for (int i = 0; i < 4; i++) {
                logInVia(api, "203.0.113.9", victim.email(), "wrong password");
            }

            assertThat(logInVia(api, "203.0.113.9", victim.email(), victim.password())
                            .status())
                    .isEqualTo(429);
            assertTokenPair(logInVia(api, "1.2.3.4, 198.51.100.7", victim.email(), victim.password()));
        }
    }

    @Test
    void withoutTrustedProxiesAForwardedAddressDoesNotEscapeTheThrottle() {
        try (TestServer server = servers().start(Map.of("parley.auth.login-throttle.max-failures-per-account", "3"))) {
            ApiClient api = ApiClient.of(server);
            Account victim = api.newAccount();
            for (int i = 0; i < 4; i++) {
                logInVia(api, "203.0.113." + i, victim.email(), "wrong password");
            }

            assertThat(logInVia(api, "198.51.100.7", victim.email(), victim.password())
                            .status())
                    .isEqualTo(429);
        }
    }

    /** A password grant whose request says it was forwarded for {@code forwardedFor}. */
    private static Response logInVia(ApiClient api, String forwardedFor, String email, String password) {
        return api.post("/token")
                .header("X-Forwarded-For", forwardedFor)
                .body(
                        "application/x-www-form-urlencoded",
                        "grant_type=password&username="
                                + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                                + URLEncoder.encode(password, StandardCharsets.UTF_8))
                .send();
    }

    private static void assertTokenPair(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Cache-Control")).hasValue("no-store");
        JsonNode body = response.json();
        assertThat(body.path("token_type").asText()).isEqualTo("bearer");
        assertThat(body.path("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.path("expires_in").asLong()).isPositive();
        assertThat(body.path("access_token").asText()).isNotBlank();
        assertThat(body.path("refresh_token").asText()).isNotBlank();
    }

    /** RFC 6749 §5.2: {@code application/json} with {@code error} and {@code error_description}, not cached. */
    static OAuthError assertOAuthError(Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Cache-Control")).hasValue("no-store");
        OAuthError body = response.oauthError();
        assertThat(body.error()).isEqualTo(error);
        assertThat(body.errorDescription()).isNotBlank();
        return body;
    }
}
