package dev.parley.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A feature's route table: registers each handler and remembers the methods of every path, so that
 * {@link #answerOtherMethodsWith405()} can give a wrong method on a known path a 405 with
 * {@code Allow}, where the webserver alone would say 404. Every GET route answers HEAD as well
 * (RFC 9110 §9.3.2): the same status and headers, without the body.
 */
public final class RouteTable {

    private final HttpRules rules;
    private final Map<String, Set<Method>> methodsByPath = new LinkedHashMap<>();

    private RouteTable(HttpRules rules) {
        this.rules = rules;
    }

    public static RouteTable on(HttpRules rules) {
        return new RouteTable(rules);
    }

    public RouteTable get(String path, Handler handler) {
        return route(Method.GET, path, handler)
                .route(Method.HEAD, path, (req, res) -> handler.handle(req, new HeadResponse(res)));
    }

    /**
     * A GET route whose answer never ends (an event stream): HEAD is refused with 405, since no
     * headers can describe a body that has no end, and running the stream to throw it away would
     * hold a connection and a subscription for nothing.
     */
    public RouteTable endlessGet(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    public RouteTable post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    public RouteTable put(String path, Handler handler) {
        return route(Method.PUT, path, handler);
    }

    public RouteTable patch(String path, Handler handler) {
        return route(Method.PATCH, path, handler);
    }

    public RouteTable delete(String path, Handler handler) {
        return route(Method.DELETE, path, handler);
    }

    /** Call once, after the last route. */
    public void answerOtherMethodsWith405() {
        methodsByPath.forEach((path, allowed) -> rules.any(path, (req, res) -> {
            throw new ApiException.MethodNotAllowed(req.prologue().method(), allowed);
        }));
    }

    private RouteTable route(Method method, String path, Handler handler) {
        rules.route(method, path, handler);
        methodsByPath.computeIfAbsent(path, p -> new HashSet<>()).add(method);
        return this;
    }
}
