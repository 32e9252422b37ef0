package dev.parley.cli.client;

import dev.parley.api.Json;
import dev.parley.api.Member;
import dev.parley.api.MemberList;
import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMember;
import dev.parley.api.NewMessage;
import dev.parley.api.ReadMarker;
import dev.parley.api.Registration;
import dev.parley.api.SearchPage;
import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.api.SessionTitle;
import dev.parley.api.TokenResponse;
import dev.parley.api.User;
import dev.parley.api.Wire;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.ConnectionSpec;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Parley's HTTP API as Java methods. One immutable {@link OkHttpClient} underneath; the bearer token
 * comes from a {@link TokenStore} through {@link BearerAuthentication}; every answer is closed
 * before a method returns, and every failure is an {@link ApiFailure}. What an answer must be to be
 * read, and what a refusal means, are not decided here but by {@link JsonAnswer} and
 * {@link ErrorAnswer}, so that this class stays a list of the API's calls.
 */
public final class ParleyClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "parley-cli/0.1.0";

    /**
     * The most pages of sessions one listing reads: 100,000 sessions. A server that hands out
     * cursors for ever (or the same one again) does not keep the client paging for ever.
     */
    private static final int MAX_SESSION_PAGES = 1000;

    private final ServerUrl server;
    private final TokenStore tokens;
    private final OkHttpClient http;
    /** {@link #http} with the read timeout of a stream; same connections, interceptors and threads. */
    private final OkHttpClient streams;

    private ParleyClient(ServerUrl server, TokenStore tokens, Clock clock) {
        this.server = server;
        this.tokens = tokens;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60))
                // The API never redirects; a redirect means this is not the API (or http where https is).
                .followRedirects(false)
                // A client of an http server never speaks TLS: without a TLS connection spec OkHttp
                // skips loading the system's trusted certificates, a tenth of a client's start.
                .connectionSpecs(
                        server.base().isHttps()
                                ? List.of(ConnectionSpec.MODERN_TLS)
                                : List.of(ConnectionSpec.CLEARTEXT))
                .addInterceptor(chain -> chain.proceed(chain.request()
                        .newBuilder()
                        .header("User-Agent", USER_AGENT)
                        .build()))
                .addInterceptor(new BearerAuthentication(server, tokens, this::refresh, clock))
                .build();
        this.streams = http.newBuilder().readTimeout(Wire.STREAM_SILENCE_LIMIT).build();
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
        return call(
                anonymous("token")
                        .post(new FormBody.Builder()
                                .add("grant_type", "password")
                                .add("username", email)
                                .add("password", password)
                                .build())
                        .build(),
                TokenResponse.class);
    }

    /** {@code POST /token} with the refresh-token grant: a new pair; the old refresh token is spent. */
    public TokenResponse refresh(String refreshToken) {
        return call(
                anonymous("token")
                        .post(new FormBody.Builder()
                                .add("grant_type", "refresh_token")
                                .add("refresh_token", refreshToken)
                                .build())
                        .build(),
                TokenResponse.class);
    }

    /** {@code GET /users/me}. */
    public User me() {
        return call(request("users/me").get().build(), User.class);
    }

    /** {@code POST /logout}: the token in use and the refresh tokens of its login stop working. */
    public void logOut() {
        call(request("logout").post(RequestBody.EMPTY).build(), Void.class);
    }

    /** {@code POST /sessions}; the server picks the title when {@code title} is null. */
    public Session createSession(String title) {
        return call(request("sessions").post(json(new SessionTitle(title))).build(), Session.class);
    }

    /** {@code GET /sessions}: one page, most recent activity first; null {@code limit} or {@code cursor} for the default. */
    public SessionPage listSessions(Integer limit, String cursor) {
        HttpUrl.Builder url = server.resolve("sessions").newBuilder();
        if (limit != null) {
            url.addQueryParameter("limit", limit.toString());
        }
        if (cursor != null) {
            url.addQueryParameter("cursor", cursor);
        }
        return call(request(url.build()).get().build(), SessionPage.class);
    }

    /** Every page of {@code GET /sessions}: all the caller's sessions, most recent activity first. */
    public List<Session> allSessions() {
        List<Session> sessions = new ArrayList<>();
        eachSessionPage(page -> sessions.addAll(page.sessions()));
        return sessions;
    }

    /**
     * Hands every page of {@code GET /sessions} to {@code each}, in order. Stops when a page has no
     * next cursor, repeats the cursor it was asked with, or after {@value #MAX_SESSION_PAGES} pages.
     */
    public void eachSessionPage(Consumer<SessionPage> each) {
        String cursor = null;
        for (int pages = 0; pages < MAX_SESSION_PAGES; pages++) {
            SessionPage page = listSessions(Wire.MAX_SESSION_PAGE, cursor);
            each.accept(page);
            if (page.nextCursor() == null
                    || page.nextCursor().equals(cursor)
                    || page.sessions().isEmpty()) {
                return;
            }
            cursor = page.nextCursor();
        }
    }

    /** {@code GET /sessions/{id}}. */
    public Session session(long id) {
        return call(request(sessionPath(id)).get().build(), Session.class);
    }

    /** {@code PATCH /sessions/{id}}. */
    public Session renameSession(long id, String title) {
        return call(
                request(sessionPath(id)).patch(json(new SessionTitle(title))).build(), Session.class);
    }

    /** {@code DELETE /sessions/{id}}: the session, its messages and memberships. */
    public void deleteSession(long id) {
        call(request(sessionPath(id)).delete().build(), Void.class);
    }

    /**
     * {@code POST /sessions/{id}/messages} with an {@code Idempotency-Key}, answering message
     * {@code replyTo} when it is not null. A send that gets no answer is tried once more with the
     * same key: the server stores a key's message only once, so the retry cannot post it twice.
     */
    public Message postMessage(long sessionId, String text, Long replyTo, String idempotencyKey) {
        Request request = request(sessionPath(sessionId) + "/messages")
                .header(Wire.IDEMPOTENCY_KEY, idempotencyKey)
                .post(json(new NewMessage(text, replyTo)))
                .build();
        try {
            return call(request, Message.class);
        } catch (ApiFailure e) {
            if (e.kind() != ApiFailure.Kind.UNREACHABLE) {
                throw e;
            }
            return call(request, Message.class);
        }
    }

    /** {@link #postMessage(long, String, Long, String)} of a message that answers none. */
    public Message postMessage(long sessionId, String text, String idempotencyKey) {
        return postMessage(sessionId, text, null, idempotencyKey);
    }

    /** {@code PATCH /sessions/{id}/messages/{message_id}}: the author gives the message a new text. */
    public Message editMessage(long sessionId, long messageId, String text) {
        return call(
                request(messagePath(sessionId, messageId))
                        .patch(json(new MessageEdit(text)))
                        .build(),
                Message.class);
    }

    /**
     * {@code DELETE /sessions/{id}/messages/{message_id}}: the author or the session's owner leaves
     * a tombstone of it (deleting it again changes nothing).
     */
    public void deleteMessage(long sessionId, long messageId) {
        call(request(messagePath(sessionId, messageId)).delete().build(), Void.class);
    }

    /**
     * Message {@code messageId} of session {@code sessionId}, tombstones included; empty when it is
     * not one of the session's. The API has no request for one message: ids grow across the whole
     * server, so the first message of the session after {@code messageId - 1} is the one, or it is
     * not there. One small page.
     */
    public Optional<Message> findMessage(long sessionId, long messageId) {
        return messages(sessionId, messageId - 1, null, 1).messages().stream()
                .filter(message -> message.id() == messageId)
                .findFirst();
    }

    /**
     * {@code GET /sessions/{id}/messages}: a page in ascending id order, after or before a message
     * id; the latest page when both are null. A null {@code limit} is the server's default.
     */
    public MessagePage messages(long sessionId, Long afterId, Long beforeId, Integer limit) {
        HttpUrl.Builder url =
                server.resolve(sessionPath(sessionId) + "/messages").newBuilder();
        if (afterId != null) {
            url.addQueryParameter("after_id", afterId.toString());
        }
        if (beforeId != null) {
            url.addQueryParameter("before_id", beforeId.toString());
        }
        if (limit != null) {
            url.addQueryParameter("limit", limit.toString());
        }
        return call(request(url.build()).get().build(), MessagePage.class);
    }

    /**
     * {@code GET /search}: one page of the caller's messages that match {@code query}, newest first;
     * in session {@code sessionId} only when it is not null. A null {@code limit} is the server's
     * default; {@code cursor}, the page's {@code next_cursor}, continues a search.
     */
    public SearchPage search(String query, Long sessionId, Integer limit, String cursor) {
        HttpUrl.Builder url = server.resolve("search").newBuilder().addQueryParameter("q", query);
        if (sessionId != null) {
            url.addQueryParameter("session_id", sessionId.toString());
        }
        if (limit != null) {
            url.addQueryParameter("limit", limit.toString());
        }
        if (cursor != null) {
            url.addQueryParameter("cursor", cursor);
        }
        return call(request(url.build()).get().build(), SearchPage.class);
    }

    /** {@code POST /sessions/{id}/members}: adds the user with {@code email}; the owner only. */
    public Member addMember(long sessionId, String email) {
        return call(
                request(sessionPath(sessionId) + "/members")
                        .post(json(new NewMember(email)))
                        .build(),
                Member.class);
    }

    /** {@code GET /sessions/{id}/members}: everyone in the session, the owner included. */
    public MemberList members(long sessionId) {
        return call(request(sessionPath(sessionId) + "/members").get().build(), MemberList.class);
    }

    /** {@code DELETE /sessions/{id}/members/{user_id}}: the owner removes a member, or a member leaves. */
    public void removeMember(long sessionId, long userId) {
        call(request(sessionPath(sessionId) + "/members/" + userId).delete().build(), Void.class);
    }

    /** Leaves a session someone else owns: removes the caller, whose id the server tells. */
    public void leave(long sessionId) {
        removeMember(sessionId, me().id());
    }

    /** {@code PUT /sessions/{id}/read}: the caller has read up to {@code messageId} (the server never moves it back). */
    public void markRead(long sessionId, long messageId) {
        call(
                request(sessionPath(sessionId) + "/read")
                        .put(json(new ReadMarker(messageId)))
                        .build(),
                Void.class);
    }

    /**
     * Opens {@code GET /sessions/{id}/events}, or {@code GET /events} when {@code sessionId} is null,
     * with {@code Last-Event-ID: afterId} when that is not null: the server first replays the
     * messages after it, then streams live ones. Refusals (401, 404 …) are thrown here, as by every
     * other call; the caller reads the open stream with {@link MessageStream#forEach} and closes it.
     */
    public MessageStream events(Long sessionId, Long afterId) {
        Request.Builder request = new Request.Builder()
                .url(server.resolve(sessionId == null ? "events" : sessionPath(sessionId) + "/events"))
                .header("Accept", "text/event-stream");
        if (afterId != null) {
            request.header("Last-Event-ID", afterId.toString());
        }
        return MessageStream.open(streams, server, tokens, request.get().build());
    }

    private static String sessionPath(long id) {
        return "sessions/" + id;
    }

    private static String messagePath(long sessionId, long messageId) {
        return sessionPath(sessionId) + "/messages/" + messageId;
    }

    private static RequestBody json(Object body) {
        return RequestBody.create(Json.bytes(body), JSON);
    }

    private Request.Builder request(String path) {
        return request(server.resolve(path));
    }

    private static Request.Builder request(HttpUrl url) {
        return new Request.Builder().url(url).header("Accept", "application/json");
    }

    private Request.Builder anonymous(String path) {
        return request(path).tag(BearerAuthentication.Anonymous.class, BearerAuthentication.Anonymous.REQUEST);
    }

    /**
     * Sends {@code request} and reads a 2xx answer as {@code type} ({@link Void} for none); any other
     * answer is the failure {@link ErrorAnswer} makes of it.
     */
    private <T> T call(Request request, Class<T> type) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw ErrorAnswer.of(server, response, tokens);
            }
            if (type == Void.class) {
                return null;
            }
            return JsonAnswer.read(server, response, type);
        } catch (IOException e) {
            throw ErrorAnswer.unreachable(server, e);
        }
    }
}
