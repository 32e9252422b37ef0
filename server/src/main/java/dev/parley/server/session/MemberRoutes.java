package dev.parley.server.session;

import dev.parley.api.Member;
import dev.parley.api.NewMember;
import dev.parley.api.ReadMarker;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
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
 * The people in a session, and their read markers.
 * <ul>
 *   <li>{@code POST /sessions/{id}/members} adds a user by email ({@code {"email"}}; owner only)</li>
 *   <li>{@code GET /sessions/{id}/members} lists everyone in the session, the owner included</li>
 *   <li>{@code DELETE /sessions/{id}/members/{user_id}} removes a member, or leaves</li>
 *   <li>{@code PUT /sessions/{id}/read} moves the caller's read marker forward ({@code {"last_read_id"}})</li>
 * </ul>
 */
public final class MemberRoutes implements HttpService {

    private final MemberQueries members;
    private final JsonBodies bodies;
    private final Clock clock;

    /** Each membership change is told to {@code db}'s changes, as {@link SessionRoutes} tells deletions. */
    public MemberRoutes(Database db, JsonBodies bodies, Clock clock) {
        this.members = new MemberQueries(db);
        this.bodies = bodies;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .post("/sessions/{id}/members", this::add)
                .get("/sessions/{id}/members", this::list)
                .delete("/sessions/{id}/members/{user_id}", this::remove)
                .put("/sessions/{id}/read", this::markRead)
                .answerOtherMethodsWith405();
    }

    private void add(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        String email = bodies.read(req, NewMember.class).email();
        if (email == null || email.isBlank()) {
            throw new ApiException.Invalid("email", "is required");
        }
        Member added = members.add(caller.userId(), sessionId, email, clock.instant());
        JsonBodies.created(res, "/sessions/" + sessionId + "/members/" + added.userId(), added);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        JsonBodies.write(res, Status.OK_200, members.list(caller.userId(), RequestParameters.pathId(req, "id")));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        members.remove(caller.userId(), sessionId, RequestParameters.pathId(req, "user_id"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void markRead(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        Long messageId = bodies.read(req, ReadMarker.class).lastReadId();
        if (messageId == null) {
            throw new ApiException.Invalid("last_read_id", "is required");
        }
        members.markRead(caller.userId(), sessionId, messageId);
        res.status(Status.NO_CONTENT_204).send();
    }
}
