package dev.parley.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.api.OAuthError;
import dev.parley.api.Problem;
import dev.parley.api.Registration;
import dev.parley.api.TokenResponse;
import dev.parley.api.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Calls Parley's HTTP API the way a script would: plain requests over {@link HttpClient} (HTTP/1.1,
 * redirects not followed), answers read back with the API's own JSON mapper. Shortcuts for the
 * account steps every flow starts with.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<URI> baseUri;

    public ApiClient(Supplier<URI> baseUri) {
        this.baseUri = baseUri;
    }

    /** A client of {@code server} that follows it across restarts (and their new ports). */
    public static ApiClient of(TestServer server) {
        return new ApiClient(server::baseUri);
    }

    /** A registered and logged-in user. */
    public record Account(User user, String password, TokenResponse tokens) {
        public String email() {
            return user.email();
        }

        public String accessToken() {
            return tokens.accessToken();
        }

        public String refreshToken() {
            return tokens.refreshToken();
        }
    }

    /** An answer: status, headers and the body as text, readable as any API record. */
    public record Response(int status, HttpHeaders headers, String body) {
        public <T> T as(Class<T> type) {
            try {
                return Json.mapper().readValue(body, type);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not a " + type.getSimpleName() + " (status " + status + "): " + body, e);
            }
        }

        public JsonNode json() {
            return as(JsonNode.class);
        }

        public Problem problem() {
            return as(Problem.class);
        }

        public OAuthError oauthError() {
            return as(OAuthError.class);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    /** An email no other test uses, so tests sharing a server never meet. */
    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Request get(String path) {
        return request("GET", path);
    }

    public Request post(String path) {
        return request("POST", path);
    }

    public Request put(String path) {
        return request("PUT", path);
    }

    public Request patch(String path) {
        return request("PATCH", path);
    }

    public Request delete(String path) {
        return request("DELETE", path);
    }

    public Response register(String email, String password) {
        return post("/users").json(new Registration(email, password)).send();
    }

    /** {@code POST /token} with an OAuth2 form of {@code fields}, in the order given. */
    public Response token(Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return post("/token").body("application/x-www-form-urlencoded", form).send();
    }

    public Response passwordGrant(String email, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "password");
        fields.put("username", email);
        fields.put("password", password);
        return token(fields);
    }

    public Response refreshGrant(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** Logs in; fails the test unless the server answers 200. */
    public TokenResponse logIn(String email, String password) {
        return expect(passwordGrant(email, password), 200).as(TokenResponse.class);
    }

    /** Registers a fresh account and logs it in. */
    public Account newAccount() {
        String password = "password-" + UUID.randomUUID();
        User user = expect(register(uniqueEmail(), password), 201).as(User.class);
        return new Account(user, password, logIn(user.email(), password));
    }

    private static Response expect(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** One request being put together; {@link #send()} sends it. */
    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private BodyPublisher body = BodyPublishers.noBody();
        private boolean expectContinue;

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Sends {@code Expect: 100-continue} and the body only once the server asks for it. */
        public Request expectContinue() {
            this.expectContinue = true;
            return this;
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request as(Account account) {
            return bearer(account.accessToken());
        }

        /** {@code value} (a record or a map) as an {@code application/json} body. */
        public Request json(Object value) {
            try {
                return body("application/json", Json.mapper().writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Request body(String contentType, String text) {
            return body(contentType, BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        }

        public Request body(String contentType, BodyPublisher publisher) {
            header("Content-Type", contentType);
            this.body = publisher;
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.get().resolve(path))
                    .timeout(TIMEOUT)
                    .expectContinue(expectContinue)
                    .method(method, body);
            headers.forEach(builder::header);
            try {
                var response = HTTP.send(builder.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during " + method + " " + path, e);
            }
        }
    }
}
