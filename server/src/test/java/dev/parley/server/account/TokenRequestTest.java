package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.OAuthFailure;
import io.helidon.http.HttpMediaType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestTest {

    private static final HttpMediaType FORM = HttpMediaType.create("application/x-www-form-urlencoded");
    private static final HttpMediaType JSON = HttpMediaType.create("application/json");

    @Test
    void readsAPasswordGrantForm() {
        TokenRequest request = parse(FORM, "grant_type=password&username=ada%40example.com&password=s3cret-pass");

        assertThat(request).isEqualTo(new TokenRequest.PasswordGrant("ada@example.com", "s3cret-pass"));
    }

    @Test
    void decodesPlusAndPercentTwentyAsSpaces() {
        TokenRequest request = parse(FORM, "username=ada%40example.com&password=correct+horse%20battery%2Bstaple");

        assertThat(request)
                .isEqualTo(new TokenRequest.PasswordGrant("ada@example.com", "correct horse battery+staple"));
    }

    @Test
    void grantTypeDefaultsToPassword() {
        assertThat(parse(FORM, "username=a%40b.c&password=p")).isInstanceOf(TokenRequest.PasswordGrant.class);
    }

    @Test
    void readsAFormWithACharsetParameterAndIgnoresExtraFields() {
        HttpMediaType formUtf8 = HttpMediaType.create("application/x-www-form-urlencoded; charset=UTF-8");

        TokenRequest request = parse(formUtf8, "username=a%40b.c&password=p&client_id=cli&scope=&");

        assertThat(request).isEqualTo(new TokenRequest.PasswordGrant("a@b.c", "p"));
    }

    @Test
    void readsARefreshGrantForm() {
        assertThat(parse(FORM, "grant_type=refresh_token&refresh_token=abc-_123"))
                .isEqualTo(new TokenRequest.RefreshGrant("abc-_123"));
    }

    @Test
    void refusesAParameterGivenTwice() {
        assertFailure(() -> parse(FORM, "username=a%40b.c&password=one&password=two"), "invalid_request");
    }

    @Test
    void refusesBrokenPercentEncoding() {
        assertFailure(() -> parse(FORM, "username=a%ZZb&password=p"), "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "password=p",
                "username=a%40b.c",
                "username=&password=p",
                "grant_type=refresh_token",
                "grant_type=refresh_token&refresh_token="
            })
    void refusesMissingFields(String form) {
        assertFailure(() -> parse(FORM, form), "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "client_credentials", "authorization_code", "PASSWORD"})
    void refusesOtherGrantTypes(String grantType) {
        assertFailure(
                () -> parse(FORM, "grant_type=" + grantType + "&username=a%40b.c&password=p"),
                "unsupported_grant_type");
    }

    @Test
    void readsJsonWithEmailOrUsername() {
        assertThat(parse(JSON, "{\"email\":\"a@b.c\",\"password\":\"p\"}"))
                .isEqualTo(new TokenRequest.PasswordGrant("a@b.c", "p"));
        assertThat(parse(JSON, "{\"grant_type\":\"password\",\"username\":\"a@b.c\",\"password\":\"p\"}"))
                .isEqualTo(new TokenRequest.PasswordGrant("a@b.c", "p"));
    }

    @Test
    void readsAJsonRefreshGrant() {
        assertThat(parse(JSON, "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"r\"}"))
                .isEqualTo(new TokenRequest.RefreshGrant("r"));
    }

    @Test
    void refusesAnUnknownGrantTypeInJson() {
        assertFailure(
                () -> parse(JSON, "{\"grant_type\":\"foo\",\"email\":\"a@b.c\",\"password\":\"p\"}"),
                "unsupported_grant_type");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "null", "[]", "{\"email\":", "{\"email\":42,\"password\":\"p\"}", "{\"email\":\"a@b.c\"}"})
    void refusesJsonThatIsNoGrant(String json) {
        assertFailure(() -> parse(JSON, json), "invalid_request");
    }

    @Test
    void refusesOtherMediaTypes() {
        assertFailure(() -> parse(HttpMediaType.create("text/plain"), "username=a&password=p"), "invalid_request");
    }

    @Test
    void neverShowsSecretsInToString() {
        assertThat(parse(FORM, "username=a%40b.c&password=hunter2-secret").toString())
                .doesNotContain("hunter2");
        assertThat(parse(FORM, "grant_type=refresh_token&refresh_token=r-secret")
                        .toString())
                .doesNotContain("r-secret");
    }

    private static TokenRequest parse(HttpMediaType type, String body) {
        return TokenRequest.parse(type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertFailure(Runnable parse, String error) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(
                        OAuthFailure.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
