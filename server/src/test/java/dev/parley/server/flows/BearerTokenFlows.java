package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bearer tokens (RFC 6750): what {@code GET /users/me} and every other protected endpoint refuse with
 * 401 and {@code WWW-Authenticate: Bearer}, with {@code error="invalid_token"} when a token came and
 * was refused (RFC 6750 §3.1). Forged tokens are built against a server whose signing key
 * the test knows, so that each differs from a valid token in one respect only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BearerTokenFlows extends FlowSuite {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] serverKey = randomBytes(32);
    private TestServer keyed;
    private ApiClient api;
    private Account account;
    private JsonNode claims;

    @BeforeAll
    void startServerWithAKnownKey() {
        keyed = servers()
                .start(Map.of("parley.auth.jwt-secret", Base64.getEncoder().encodeToString(serverKey)));
        api = ApiClient.of(keyed);
        account = api.newAccount();
        claims = payloadOf(account.accessToken());
    }

    @AfterAll
    void stopServerWithAKnownKey() {
        if (keyed != null) {
            keyed.close();
        }
    }

    @Test
    void aTokenForgedWithTheServersKeyIsAccepted() {
        // The control for the tests below: the forging itself makes tokens the server takes.
        assertThat(api.get("/users/me")
                        .bearer(forge("HS256", serverKey, jwt -> jwt))
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMissingAuthorizationHeaderIsRejected() {
        assertBareChallenge(api.get("/users/me").send());
    }

    @Test
    void aGarbageBearerTokenIsRejected() {
        assertInvalidTokenChallenge(
                api.get("/users/me").header("Authorization", "Bearer garbage").send(), "garbage");
    }

    @Test
    void basicCredentialsAreRejected() {
        // Another scheme is as if no credential came (RFC 6750 §3.1): the challenge names no error.
        assertBareChallenge(
                api.get("/users/me").header("Authorization", "Basic xyz").send(), "xyz");
    }

    @Test
    void aTokenWithATamperedSignatureIsRejected() {
        String token = account.accessToken();
        // The first character of the signature: its bits all count (the last one carries padding bits).
        int first = token.lastIndexOf('.') + 1;
        char replacement = token.charAt(first) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, first) + replacement + token.substring(first + 1);

        assertInvalidTokenChallenge(api.get("/users/me").bearer(tampered).send(), tampered);
    }

    @Test
    void aTokenWithAlgNoneIsRejected() {
        String header = BASE64URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + account.accessToken().split("\\.")[1] + ".";

        assertInvalidTokenChallenge(api.get("/users/me").bearer(unsigned).send(), unsigned);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRejected() {
        String token = forge("HS256", randomBytes(32), jwt -> jwt);

        assertInvalidTokenChallenge(api.get("/users/me").bearer(token).send(), token);
    }

    @Test
    void anExpiredTokenIsRejected() {
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        String token = forge(
                "HS256",
                serverKey,
                jwt -> jwt.issueTime(anHourAgo).notBefore(anHourAgo).expirationTime(anHourAgo.plusSeconds(900)));

        assertInvalidTokenChallenge(api.get("/users/me").bearer(token).send(), token);
    }

    @Test
    void aTokenOfAnotherIssuerIsRejected() {
        String token = forge("HS256", serverKey, jwt -> jwt.issuer("someone-else"));

        assertInvalidTokenChallenge(api.get("/users/me").bearer(token).send(), token);
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() {
        String token = forge("HS256", serverKey, jwt -> jwt.audience(List.of("another-service")));

        assertInvalidTokenChallenge(api.get("/users/me").bearer(token).send(), token);
    }

    @Test
    void anHs512TokenIsRejectedEvenWithTheServersKey() {
        String token = forge("HS512", serverKey, jwt -> jwt);
        assertThat(headerOf(token).path("alg").asText()).isEqualTo("HS512");

        assertInvalidTokenChallenge(api.get("/users/me").bearer(token).send(), token);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,/users/me",
        "POST,/logout",
        "POST,/sessions",
        "GET,/sessions",
        "GET,/sessions/1",
        "PATCH,/sessions/1",
        "DELETE,/sessions/1",
        "POST,/sessions/1/messages",
        "GET,/sessions/1/messages"
    })
    void everyProtectedEndpointAsksForABearerToken(String method, String path) {
        assertBareChallenge(api().request(method, path).send());
        assertInvalidTokenChallenge(
                api().request(method, path)
                        .header("Authorization", "Bearer garbage")
                        .send(),
                "garbage");
    }

    @Test
    void aRevokedTokenIsAnInvalidTokenToo() {
        Account loggedOut = api().newAccount();
        assertThat(api().post("/logout").as(loggedOut).send().status()).isEqualTo(204);

        assertInvalidTokenChallenge(api().get("/users/me").as(loggedOut).send(), loggedOut.accessToken());
    }

    /** A token with the claims of a real one from this server, changed by {@code tweak}, signed with {@code key}. */
    private String forge(String algorithm, byte[] key, UnaryOperator<Jwt.Builder> tweak) {
        Instant now = Instant.now();
        String keyId = headerOf(account.accessToken()).path("kid").asText();
        Jwt.Builder jwt = Jwt.builder()
                .algorithm(algorithm)
                .keyId(keyId)
                .type("JWT")
                .issuer(claims.path("iss").asText())
                .audience(audienceOf(claims))
                .subject(claims.path("sub").asText())
                .email(claims.path("email").asText())
                .addPayloadClaim("gid", claims.path("gid").asLong())
                .issueTime(now)
                .notBefore(now)
                .expirationTime(now.plusSeconds(600));
        return SignedJwt.sign(tweak.apply(jwt).build(), hmacKey(algorithm, keyId, key))
                .tokenContent();
    }

    private static Jwk hmacKey(String algorithm, String keyId, byte[] key) {
        return Jwk.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("alg", algorithm)
                .add("kid", keyId)
                .add("k", BASE64URL.encodeToString(key))
                .build());
    }

    private static List<String> audienceOf(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isArray() ? aud.valueStream().map(JsonNode::asText).toList() : List.of(aud.asText());
    }

    private static JsonNode headerOf(String token) {
        return decodeSegment(token.split("\\.")[0]);
    }

    private static JsonNode payloadOf(String token) {
        return decodeSegment(token.split("\\.")[1]);
    }

    private static JsonNode decodeSegment(String segment) {
        try {
            return Json.mapper().readTree(Base64.getUrlDecoder().decode(segment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
