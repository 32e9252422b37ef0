package dev.parley.server.http;

import dev.parley.server.metrics.Meters;
import io.helidon.http.Method;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Times every request into {@code parley.http.request.duration}, a histogram labelled by the route's
 * template ({@code /sessions/{id}/messages}, never the raw path), the method and the status class
 * ({@code 2xx}…). The first filter, so that the time includes the other filters and a refusal by one
 * of them is counted too. A request no route took (404, or refused by a filter before routing: 429,
 * 431…) has the route {@value #NO_ROUTE}. An event stream's time is its whole life.
 *
 * <p>Per request this costs two clock reads, a map look-up by the template and one timer update:
 * the timers are made once per template, method and status class, and kept.
 */
public final class RequestMetrics implements Filter {

    private static final String NO_ROUTE = "none";
    private static final String NAME = "parley.http.request.duration";
    private static final String HELP = "Requests answered, and how long each took to answer, by route template, "
            + "method and status class; an event stream's is its whole life.";
    /** From a cached page to a log-in that waited for bcrypt. */
    private static final List<Duration> BUCKETS =
            Meters.seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    private static final List<Method> METHODS =
            List.of(Method.GET, Method.HEAD, Method.POST, Method.PUT, Method.PATCH, Method.DELETE, Method.OPTIONS);
    private static final String OTHER_METHOD = "other";
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Meters meters;
    private final Map<String, RouteTimers> byRoute = new ConcurrentHashMap<>();

    public RequestMetrics(Meters meters) {
        this.meters = meters;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } catch (RuntimeException e) {
            if (e instanceof ServerConnectionException || res.isSent()) {
                // The connection was lost (an event stream whose client went away, say): nothing more
                // will be sent, and the status is the one already sent or meant to be.
                record(req, res, start);
            } else {
                // Thrown by a later filter: the error mapping answers once this returns, so the time and
                // status are known only when that answer is sent.
                res.whenSent(() -> record(req, res, start));
            }
            throw e;
        }
        record(req, res, start);
    }

    private void record(RoutingRequest req, RoutingResponse res, long start) {
        long nanos = System.nanoTime() - start;
        String route = req.matchingPattern().orElse("");
        RouteTimers timers = byRoute.get(route);
        if (timers == null) {
            timers = byRoute.computeIfAbsent(route, RouteTimers::new);
        }
        timers.timer(req.prologue().method(), res.status().code()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One route's timers, made on first use: most routes answer few of the method × status combinations. */
    private final class RouteTimers {
        private final String route;
        private final AtomicReferenceArray<Timer> timers =
                new AtomicReferenceArray<>((METHODS.size() + 1) * STATUS_CLASSES.length);

        RouteTimers(String route) {
            this.route = route.isEmpty() ? NO_ROUTE : route;
        }

        Timer timer(Method method, int status) {
            int methodIndex = METHODS.indexOf(method);
            if (methodIndex < 0) {
                methodIndex = METHODS.size();
            }
            int statusIndex = Math.clamp(status / 100 - 1, 0, STATUS_CLASSES.length - 1);
            int slot = methodIndex * STATUS_CLASSES.length + statusIndex;
            Timer timer = timers.get(slot);
            if (timer == null) {
                // Two threads may both get here; the registry hands both the same timer.
                timer = meters.timer(
                        NAME,
                        HELP,
                        BUCKETS,
                        "route",
                        route,
                        "method",
                        methodIndex < METHODS.size() ? method.text() : OTHER_METHOD,
                        "status",
                        STATUS_CLASSES[statusIndex]);
                timers.set(slot, timer);
            }
            return timer;
        }
    }
}
