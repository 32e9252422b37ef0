package dev.parley.server.message;

import dev.parley.api.Message;
import dev.parley.api.MessageEdit;
import dev.parley.api.NewMessage;
import dev.parley.api.Wire;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.Caller;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.RequestParameters;
import dev.parley.server.http.RouteTable;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * Messages of a session.
 * <ul>
 *   <li>{@code POST /sessions/{id}/messages} posts one ({@code {"text", "reply_to"?}}, optional
 *   {@code Idempotency-Key})</li>
 *   <li>{@code GET /sessions/{id}/messages?after_id=&before_id=&limit=} reads a page of history</li>
 *   <li>{@code PATCH /sessions/{id}/messages/{message_id}} edits one ({@code {"text"}}; its author only)</li>
 *   <li>{@code DELETE /sessions/{id}/messages/{message_id}} deletes one, leaving a tombstone (its author
 *   or the session's owner)</li>
 * </ul>
 */
public final class MessageRoutes implements HttpService {

    private final MessageQueries messages;
    private final MessageEdits edits;
    private final JsonBodies bodies;
    private final Clock clock;

    /**
     * Each message posted, edited or deleted is told to {@code db}'s changes; {@link #apply} keeps this
     * feature's views.
     */
    public MessageRoutes(Database db, JsonBodies bodies, Clock clock) {
        this.messages = new MessageQueries(db);
        this.edits = new MessageEdits(db);
        this.bodies = bodies;
        this.clock = clock;
    }

    /**
     * Keeps what is held in memory (the latest page of recent sessions) in step with a committed
     * change: a new message joins its page; a session deleted, or whose members changed, is dropped,
     * and so is one whose message was edited or deleted (rare; and how many messages a page holds
     * depends on their texts' lengths, so reloading it is what keeps it the page a query would read).
     * Called in commit order.
     */
    public void apply(Change change) {
        switch (change) {
            case SessionChange.MessagePosted posted -> messages.remember(posted.message());
            case SessionChange other -> messages.forgetSession(other.sessionId());
            case Change.MaybeMissed missed -> messages.forgetAll();
            case Change.GrantRevoked revoked -> {
                // Who may read a session does not change.
            }
        }
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .post("/sessions/{id}/messages", this::post)
                .get("/sessions/{id}/messages", this::history)
                .patch("/sessions/{id}/messages/{message_id}", this::edit)
                .delete("/sessions/{id}/messages/{message_id}", this::delete)
                .answerOtherMethodsWith405();
    }

    private void post(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        var key = req.headers().first(IdempotencyKey.HEADER).map(IdempotencyKey::parse);
        NewMessage body = bodies.read(req, NewMessage.class);
        MessageText text = MessageText.parse(body.text());
        Optional<ReplyTo> replyTo = ReplyTo.parse(body.replyTo());
        MessageQueries.Posted posted = messages.post(caller, sessionId, text, replyTo, key, clock.instant());
        Message message = posted.message();
        if (posted.created()) {
            // Messages have no path of their own: this page holds exactly the new one.
            JsonBodies.created(
                    res, "/sessions/" + sessionId + "/messages?after_id=" + (message.id() - 1) + "&limit=1", message);
        } else {
            JsonBodies.write(res, Status.OK_200, message);
        }
    }

    private void edit(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        long messageId = RequestParameters.pathId(req, "message_id");
        MessageText text = MessageText.parse(bodies.read(req, MessageEdit.class).text());
        JsonBodies.write(
                res,
                Status.OK_200,
                edits.edit(caller, sessionId, messageId, text, clock.instant()).message());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        long messageId = RequestParameters.pathId(req, "message_id");
        edits.delete(caller, sessionId, messageId, clock.instant());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void history(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        MessageWindow window = new MessageWindow(
                RequestParameters.queryId(req, "after_id"),
                RequestParameters.queryId(req, "before_id"),
                RequestParameters.limit(req, MessageWindow.DEFAULT_LIMIT, Wire.MAX_MESSAGE_PAGE));
        if (window.isLatest() && window.limit() == RecentMessages.CAPACITY) {
            JsonBodies.writeJson(res, Status.OK_200, messages.latestPageJson(caller.userId(), sessionId));
        } else {
            JsonBodies.write(res, Status.OK_200, messages.page(caller.userId(), sessionId, window));
        }
    }
}
