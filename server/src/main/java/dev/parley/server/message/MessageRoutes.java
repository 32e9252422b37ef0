package dev.parley.server.message;

import dev.parley.api.NewMessage;
import dev.parley.server.db.Database;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.http.Caller;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.RequestParameters;
import dev.parley.server.http.RouteTable;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Messages of a session.
 * <ul>
 *   <li>{@code POST /sessions/{id}/messages} posts one ({@code {"text"}}, optional {@code Idempotency-Key})</li>
 *   <li>{@code GET /sessions/{id}/messages?after_id=&before_id=&limit=} reads a page of history</li>
 * </ul>
 */
public final class MessageRoutes implements HttpService {

    private final MessageQueries messages;
    private final JsonBodies bodies;
    private final Clock clock;

    /** {@code published} hears of each new message on the database's writer thread, once committed. */
    public MessageRoutes(Database db, JsonBodies bodies, Clock clock, Consumer<SessionChange> published) {
        this.messages = new MessageQueries(db, published);
        this.bodies = bodies;
        this.clock = clock;
    }

    /**
     * Drops what is kept in memory of a session that was deleted or whose members changed; see the
     * SessionRoutes constructor.
     */
    public void forgetSession(long sessionId) {
        messages.forgetSession(sessionId);
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .post("/sessions/{id}/messages", this::post)
                .get("/sessions/{id}/messages", this::history)
                .answerOtherMethodsWith405();
    }

    private void post(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        var key = req.headers().first(HeaderNames.create(IdempotencyKey.HEADER)).map(IdempotencyKey::parse);
        MessageText text = MessageText.parse(bodies.read(req, NewMessage.class).text());
        MessageQueries.Posted posted = messages.post(caller, sessionId, text, key, clock.instant());
        JsonBodies.write(res, posted.created() ? Status.CREATED_201 : Status.OK_200, posted.message());
    }

    private void history(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        MessageWindow window = new MessageWindow(
                RequestParameters.queryId(req, "after_id"),
                RequestParameters.queryId(req, "before_id"),
                RequestParameters.limit(req, MessageWindow.DEFAULT_LIMIT, MessageWindow.MAX_LIMIT));
        if (window.isLatest() && window.limit() == RecentMessages.CAPACITY) {
            JsonBodies.writeJson(res, Status.OK_200, messages.latestPageJson(caller.userId(), sessionId));
        } else {
            JsonBodies.write(res, Status.OK_200, messages.page(caller.userId(), sessionId, window));
        }
    }
}
