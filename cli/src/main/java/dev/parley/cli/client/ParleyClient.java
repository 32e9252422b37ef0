package dev.parley.cli.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.api.Registration;
import dev.parley.api.TokenResponse;
import dev.parley.api.User;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Parley's HTTP API as Java methods. One immutable {@link OkHttpClient} underneath; the bearer token
 * comes from a {@link TokenStore} through {@link BearerAuthentication}; every answer is closed
 * before a method returns, and every failure is an {@link ApiFailure}.
 */
public final class ParleyClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "parley-cli/0.1.0";

    private final ServerUrl server;
    private final OkHttpClient http;

    private ParleyClient(ServerUrl server, TokenStore tokens, Clock clock) {
        this.server = server;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60))
                // The API never redirects; a redirect means this is not the API (or http where https is).
                .followRedirects(false)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("User-Agent", USER_AGENT)
                        .build()))
                .addInterceptor(new BearerAuthentication(server, tokens, this::refresh, clock))
                .build();
    }

    /** A client that presents the tokens of {@code tokens}, renewing them when they expire. */
    public static ParleyClient create(ServerUrl server, TokenStore tokens, Clock clock) {
        return new ParleyClient(server, tokens, clock);
    }

    /** A client without a login: enough to register and to log in. */
    public static ParleyClient anonymous(ServerUrl server) {
        return new ParleyClient(server, TokenStore.NONE, Clock.systemUTC());
    }

    public ServerUrl server() {
        return server;
    }

    /** {@code POST /users}. */
    public User register(String email, String password) {
        RequestBody body = RequestBody.create(Json.bytes(new Registration(email, password)), JSON);
        return call(anonymous("users").post(body).build(), User.class);
    }

    /** {@code POST /token} with the password grant. */
    public TokenResponse logIn(String email, String password) {
        return call(anonymous("token").post(new FormBody.Builder()
                .add("grant_type", "password")
                .add("username", email)
                .add("password", password)
                .build()).build(), TokenResponse.class);
    }

    /** {@code POST /token} with the refresh-token grant: a new pair; the old refresh token is spent. */
    public TokenResponse refresh(String refreshToken) {
        return call(anonymous("token").post(new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken)
                .build()).build(), TokenResponse.class);
    }

    /** {@code GET /users/me}. */
    public User me() {
        return call(request("users/me").get().build(), User.class);
    }

    /** {@code POST /logout}: the token in use and the refresh tokens of its login stop working. */
    public void logOut() {
        call(request("logout").post(RequestBody.EMPTY).build(), Void.class);
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url(server.resolve(path)).header("Accept", "application/json");
    }

    private Request.Builder anonymous(String path) {
        return request(path).tag(BearerAuthentication.Anonymous.class, BearerAuthentication.Anonymous.REQUEST);
    }

    /** Sends {@code request} and reads a 2xx answer as {@code type} ({@link Void} for none). */
    private <T> T call(Request request, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw ErrorAnswer.of(server, response);
            }
            if (type == Void.class) {
                return null;
            }
            return read(response, type);
        } catch (IOException e) {
            throw ErrorAnswer.unreachable(server, e);
        }
    }

    private <T> T read(Response response, Class<T> type) throws IOException {
        String contentType = response.header("Content-Type", "");
        if (!contentType.startsWith("application/json")) {
            throw ErrorAnswer.unreadable(server, response,
                    new IOException("expected application/json, got " + (contentType.isEmpty() ? "nothing" : contentType)));
        }
        try {
            return Json.mapper().readValue(response.body().byteStream(), type);
        } catch (JacksonException e) {
            throw ErrorAnswer.unreadable(server, response, e);
        }
    }
}
