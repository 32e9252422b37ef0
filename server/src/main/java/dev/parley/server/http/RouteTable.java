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
 * (RFC 9110 §9.3.2): the same status and headers, without the body; event streams included.
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
     * A GET route whose answer never ends (an event stream), and {@code head} for HEAD: running the
     * stream to throw it away would hold a connection and a subscription for nothing, so {@code head}
     * makes the checks and sets the headers the stream would, and sends nothing. Its answer carries no
     * {@code Content-Length}, a stream's length being unknown ({@link EndlessHeadAnswers}).
     */
    public RouteTable endlessGet(String path, Handler handler, Handler head) {
        return route(Method.GET, path, handler).route(Method.HEAD, path, head);
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
