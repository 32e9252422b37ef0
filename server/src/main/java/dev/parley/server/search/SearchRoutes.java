package dev.parley.server.search;

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

/**
 * Searching messages.
 * <ul>
 *   <li>{@code GET /search?q=&session_id=&cursor=&limit=} finds messages in the caller's sessions, newest first</li>
 * </ul>
 */
public final class SearchRoutes implements HttpService {

    /** As a page of history. */
    private static final int DEFAULT_LIMIT = 50;

    private final SearchQueries search;

    public SearchRoutes(Database db) {
        this.search = new SearchQueries(db);
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules).get("/search", this::search).answerOtherMethodsWith405();
    }

    private void search(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        SearchQuery query = SearchQuery.parse(RequestParameters.query(req, "q").orElse(null));
        SearchWindow window = new SearchWindow(
                RequestParameters.queryId(req, "session_id"),
                RequestParameters.query(req, "cursor").map(SearchCursor::decode),
                RequestParameters.limit(req, DEFAULT_LIMIT, Wire.MAX_MESSAGE_PAGE));
        JsonBodies.write(res, Status.OK_200, search.page(caller.userId(), query, window));
    }
}
