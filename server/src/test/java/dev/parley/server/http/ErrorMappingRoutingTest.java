package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Json;
import dev.parley.api.OAuthError;
import dev.parley.api.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The auth filter and the error mapping on a routing of stub handlers, without a socket: each
 * exception of the family becomes its status and headers, and anything unexpected a 500 that tells
 * nothing.
 */
@RoutingTest
class ErrorMappingRoutingTest {

    private static final String GOOD_TOKEN = "good-token";

    private final DirectClient client;

    ErrorMappingRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        AccessTokenVerifier verifier = new AccessTokenVerifier() {
            @Override
            public Optional<Caller> verify(String token) {
                return GOOD_TOKEN.equals(token) ? Optional.of(new Caller(7, "ada@example.com", 3)) : Optional.empty();
            }

            @Override
            public boolean expired(String token) {
                return false;
            }
        };
        routing.addFilter(new ResponseHeaders()).addFilter(new AuthFilter(verifier));
        RouteTable.on(routing)
                .get("/caller", (req, res) -> res.send(Caller.of(req).email()))
                .get("/invalid", (req, res) -> {
                    throw new ApiException.Invalid("title", "must not be blank");
                })
                .get("/throttled", (req, res) -> {
                    throw new ApiException.TooManyRequests("slow down", Duration.ofMillis(1500));
                })
                .get("/oauth", (req, res) -> {
                    throw OAuthFailure.invalidGrant("the email or password is wrong");
                })
                .get("/boom", (req, res) -> {
                    throw new IllegalStateException("internal secret: jdbc:sqlite:/var/lib/parley");
                })
                .post("/boom", (req, res) -> res.send())
                .answerOtherMethodsWith405();
        ErrorMapping.register(routing);
    }

    @Test
    void aValidBearerTokenNamesTheCaller() {
        try (Http1ClientResponse response = client.get("/caller")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + GOOD_TOKEN)
                .request()) {
            assertThat(response.status()).isEqualTo(Status.OK_200);
            assertThat(response.as(String.class)).isEqualTo("ada@example.com");
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        try (Http1ClientResponse response = client.get("/caller")
                .header(HeaderNames.AUTHORIZATION, "bearer " + GOOD_TOKEN)
                .request()) {
            assertThat(response.status()).isEqualTo(Status.OK_200);
        }
    }

    @Test
    void noTokenIs401WithABareChallenge() {
        try (Http1ClientResponse response = client.get("/caller").request()) {
            assertThat(response.status()).isEqualTo(Status.UNAUTHORIZED_401);
            assertThat(response.headers().first(HeaderNames.WWW_AUTHENTICATE)).hasValue("Bearer");
        }
    }

    @Test
    void aRejectedTokenIs401WithAnInvalidTokenChallenge() throws IOException {
        try (Http1ClientResponse response = client.get("/caller")
                .header(HeaderNames.AUTHORIZATION, "Bearer bad-token")
                .request()) {
            assertThat(response.status()).isEqualTo(Status.UNAUTHORIZED_401);
            assertThat(response.headers().first(HeaderNames.WWW_AUTHENTICATE))
                    .hasValue("Bearer error=\"invalid_token\"");
            String body = response.as(String.class);
            assertThat(body).doesNotContain("bad-token");
            assertThat(Json.mapper().readValue(body, Problem.class).status()).isEqualTo(401);
        }
    }

    @Test
    void aValidationFailureIs422ListingTheField() throws IOException {
        try (Http1ClientResponse response = client.get("/invalid").request()) {
            assertThat(response.status()).isEqualTo(Status.UNPROCESSABLE_CONTENT_422);
            assertThat(response.headers().contentType())
                    .hasValueSatisfying(type -> assertThat(type.text()).isEqualTo(Problem.MEDIA_TYPE));
            Problem problem = Json.mapper().readValue(response.as(String.class), Problem.class);
            assertThat(problem.errors()).containsExactly(new Problem.FieldError("title", "must not be blank"));
        }
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        try (Http1ClientResponse response = client.get("/throttled").request()) {
            assertThat(response.status()).isEqualTo(Status.TOO_MANY_REQUESTS_429);
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).hasValue("2");
        }
    }

    @Test
    void anOAuthFailureIsAnRfc6749ErrorNotAProblem() throws IOException {
        try (Http1ClientResponse response = client.get("/oauth").request()) {
            assertThat(response.status()).isEqualTo(Status.BAD_REQUEST_400);
            assertThat(response.headers().contentType())
                    .hasValueSatisfying(type -> assertThat(type.text()).isEqualTo("application/json"));
            assertThat(response.headers().first(HeaderNames.CACHE_CONTROL)).hasValue("no-store");
            OAuthError error = Json.mapper().readValue(response.as(String.class), OAuthError.class);
            assertThat(error.error()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void anUnexpectedFailureIs500AndRevealsNothing() throws IOException {
        try (Http1ClientResponse response = client.get("/boom").request()) {
            assertThat(response.status()).isEqualTo(Status.INTERNAL_SERVER_ERROR_500);
            String body = response.as(String.class);
            assertThat(body).doesNotContain("secret").doesNotContain("sqlite").doesNotContain("IllegalStateException");
            assertThat(Json.mapper().readValue(body, Problem.class).status()).isEqualTo(500);
        }
    }

    @Test
    void aWrongMethodOnAKnownPathIs405ListingTheAllowedOnes() {
        try (Http1ClientResponse response =
                client.method(Method.DELETE).path("/boom").request()) {
            assertThat(response.status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
            assertThat(response.headers().first(HeaderNames.ALLOW)).hasValue("GET, HEAD, POST");
        }
    }
}
