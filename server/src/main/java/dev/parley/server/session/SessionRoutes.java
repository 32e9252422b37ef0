package dev.parley.server.session;

import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.api.Wire;
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

/**
 * Chat sessions.
 * <ul>
 *   <li>{@code POST /sessions} creates one ({@code {"title"?}})</li>
 *   <li>{@code GET /sessions?limit=&cursor=} lists the caller's own and joined ones, most recent activity first</li>
 *   <li>{@code GET /sessions/{id}} shows one</li>
 *   <li>{@code PATCH /sessions/{id}} renames it ({@code {"title"}}; owner only)</li>
 *   <li>{@code DELETE /sessions/{id}} deletes it with its messages and memberships (owner only)</li>
 * </ul>
 */
public final class SessionRoutes implements HttpService {

    private static final int DEFAULT_PAGE = 20;

    private final SessionQueries sessions;
    private final JsonBodies bodies;
    private final Clock clock;

    /**
     * Each deleted session is told to {@code db}'s changes, so that what is kept elsewhere (cached
     * pages, open event streams, on every server) drops it.
     */
    public SessionRoutes(Database db, JsonBodies bodies, Clock clock) {
        this.sessions = new SessionQueries(db);
        this.bodies = bodies;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .post("/sessions", this::create)
                .get("/sessions", this::list)
                .get("/sessions/{id}", this::show)
                .patch("/sessions/{id}", this::rename)
                .delete("/sessions/{id}", this::delete)
                .answerOtherMethodsWith405();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        // The title is optional, and so is the body that would carry it.
        boolean noBody =
                req.headers().contentLength().orElse(-1) == 0 || !req.content().hasEntity();
        String title = noBody ? null : bodies.read(req, SessionTitle.class).title();
        Title parsed = title == null ? Title.DEFAULT : Title.parse(title);
        Session created = sessions.insert(caller.userId(), parsed, clock.instant());
        JsonBodies.created(res, "/sessions/" + created.id(), created);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        int limit = RequestParameters.limit(req, DEFAULT_PAGE, Wire.MAX_SESSION_PAGE);
        var cursor = RequestParameters.query(req, "cursor").map(SessionCursor::decode);
        JsonBodies.write(res, Status.OK_200, sessions.page(caller.userId(), limit, cursor));
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long id = RequestParameters.pathId(req, "id");
        JsonBodies.write(
                res, Status.OK_200, sessions.find(caller.userId(), id).orElseThrow(() -> SessionQueries.notFound(id)));
    }

    private void rename(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long id = RequestParameters.pathId(req, "id");
        Title title = Title.parse(bodies.read(req, SessionTitle.class).title());
        JsonBodies.write(res, Status.OK_200, sessions.rename(caller.userId(), id, title));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        sessions.delete(caller.userId(), RequestParameters.pathId(req, "id"));
        res.status(Status.NO_CONTENT_204).send();
    }
}
