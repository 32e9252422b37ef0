package dev.parley.server.events;

import dev.parley.server.ParleyConfig;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.AccessTokenVerifier;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.BearerToken;
import dev.parley.server.http.Caller;
import dev.parley.server.http.ClientAddress;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.RequestConnection;
import dev.parley.server.http.RequestParameters;
import dev.parley.server.http.RouteTable;
import dev.parley.server.metrics.Meters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Live event streams (server-sent events), one event per message posted ({@code id:} its id), edited
 * or deleted ({@code id:} the seq of that change).
 * <ul>
 *   <li>{@code GET /sessions/{id}/events} streams one session</li>
 *   <li>{@code GET /events} streams every session the caller is in, joined later ones included</li>
 * </ul>
 * A {@code Last-Event-ID} header (what a reconnecting EventSource sends) or {@code ?after_id=} first
 * replays every change of a message after that id, then the stream goes live. HEAD on either answers the
 * stream's status and headers without opening it. A browser's EventSource, which cannot send a
 * bearer token, opens a stream with {@code ?ticket=} instead:
 * <ul>
 *   <li>{@code POST /sessions/{id}/events/tickets} and {@code POST /events/tickets} issue a
 *   single-use ticket for that stream</li>
 * </ul>
 */
public final class EventRoutes implements HttpService, AutoCloseable {

    private static final HttpMediaType EVENT_STREAM = HttpMediaType.create("text/event-stream");
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName X_ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");

    private final EventQueries queries;
    private final FanOut fanOut;
    private final AccessTokenVerifier tokens;
    private final ClientAddress clientAddress;
    private final ParleyConfig.Events settings;
    private final StreamQuota quota;
    private final StreamBuffers buffers;
    private final StreamMeters streamMeters;
    private final StalledStreams stalledStreams;
    private final byte[] opening;
    private final StreamTickets tickets;

    /**
     * {@code tokens} re-checks, while a stream is open, the access token that opened it;
     * {@code clientAddress} tells whose address a stream counts against.
     */
    public EventRoutes(
            Database db,
            AccessTokenVerifier tokens,
            ClientAddress clientAddress,
            ParleyConfig.Events settings,
            Clock clock,
            Meters meters) {
        this.streamMeters = new StreamMeters(meters);
        this.fanOut = new LocalFanOut(streamMeters);
        this.queries = new EventQueries(db, fanOut);
        this.tokens = tokens;
        this.clientAddress = clientAddress;
        this.settings = settings;
        this.quota = new StreamQuota(
                settings.maxStreamsPerUser(), settings.maxStreamsPerAddress(), settings.maxStreams(), meters);
        this.buffers = new StreamBuffers(settings.bufferSize(), settings.bufferBytes(), settings.maxBufferedBytes());
        meters.gauge(
                "parley.events.buffered.bytes",
                "Bytes of events queued for event streams, not yet written.",
                buffers::queued);
        this.stalledStreams = new StalledStreams(settings.writeTimeout(), streamMeters);
        this.opening = EventFrames.retry(settings.retry());
        this.tickets = new StreamTickets(new TicketQueries(db), settings.ticketTtl(), clock);
    }

    /**
     * Hands a committed change to the open streams, in commit order. After changes may have been
     * missed, every stream ends and its client resumes from its last id, its access checked again.
     * (A revoked grant needs nothing here: streams check their token once a second.)
     */
    public void apply(Change change) {
        switch (change) {
            case SessionChange session -> fanOut.publish(session);
            case Change.MaybeMissed missed -> fanOut.endAll(Subscription.End.CHANGES_MISSED);
            case Change.GrantRevoked revoked -> {
                // The streams it opened notice within a second.
            }
        }
    }

    /** Ends every open stream with a hint to reconnect: the server is stopping. */
    @Override
    public void close() {
        fanOut.close();
    }

    @Override
    public void beforeStart() {
        stalledStreams.start();
    }

    @Override
    public void afterStop() {
        stalledStreams.stop();
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .endlessGet("/sessions/{id}/events", this::session, this::sessionHead)
                .endlessGet("/events", this::allSessions, this::allSessionsHead)
                .post("/sessions/{id}/events/tickets", this::sessionTicket)
                .post("/events/tickets", this::allSessionsTicket)
                .answerOtherMethodsWith405();
    }

    private void session(ServerRequest req, ServerResponse res) {
        OptionalLong sessionId = OptionalLong.of(RequestParameters.pathId(req, "id"));
        stream(req, res, opener(req, sessionId), sessionId);
    }

    private void allSessions(ServerRequest req, ServerResponse res) {
        stream(req, res, opener(req, OptionalLong.empty()), OptionalLong.empty());
    }

    /** HEAD: the status and headers the stream would have, checks included, without opening it. */
    private void sessionHead(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        lastEventId(req);
        queries.requireMember(caller.userId(), sessionId);
        streamHeaders(res).send();
    }

    private void allSessionsHead(ServerRequest req, ServerResponse res) {
        Caller.of(req);
        lastEventId(req);
        streamHeaders(res).send();
    }

    private static ServerResponse streamHeaders(ServerResponse res) {
        res.status(Status.OK_200);
        res.headers().contentType(EVENT_STREAM);
        // Tells a reverse proxy (nginx) to pass each event on at once instead of buffering.
        return res.header(X_ACCEL_BUFFERING, "no");
    }

    private void sessionTicket(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        long sessionId = RequestParameters.pathId(req, "id");
        JsonBodies.write(
                res,
                Status.OK_200,
                tickets.issue(BearerToken.of(req).orElseThrow(), caller.userId(), OptionalLong.of(sessionId)));
    }

    private void allSessionsTicket(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        JsonBodies.write(
                res,
                Status.OK_200,
                tickets.issue(BearerToken.of(req).orElseThrow(), caller.userId(), OptionalLong.empty()));
    }

    /** Who opens a stream, and the access token the stream lives on. */
    private record Opener(Caller caller, String token) {}

    /**
     * The request's bearer token and its caller; or, with {@code ?ticket=}, the access token the
     * ticket was issued for, which uses the ticket up. A ticket is accepted nowhere else.
     */
    private Opener opener(ServerRequest req, OptionalLong sessionId) {
        Optional<String> ticket = RequestParameters.query(req, "ticket");
        if (ticket.isEmpty()) {
            return new Opener(Caller.of(req), BearerToken.of(req).orElseThrow());
        }
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) {
            throw new ApiException.BadRequest("send a ticket or an Authorization header, not both");
        }
        return tickets.redeem(ticket.get(), sessionId)
                .flatMap(token -> tokens.verify(token).map(caller -> new Opener(caller, token)))
                .orElseThrow(() -> new ApiException.Unauthorized("the ticket is unknown, used, expired or for another "
                        + "stream, or the log-in it was issued with has ended: get a new one"));
    }

    private void stream(ServerRequest req, ServerResponse res, Opener opener, OptionalLong sessionId) {
        Caller caller = opener.caller();
        String token = opener.token();
        OptionalLong after = lastEventId(req);
        String address = clientAddress.of(req);
        quota.acquire(caller.userId(), address);
        Subscription subscription;
        try {
            subscription = sessionId.isPresent()
                    ? queries.followSession(caller.userId(), sessionId.getAsLong(), buffers)
                    : queries.followAllSessions(caller.userId(), buffers);
        } catch (RuntimeException e) {
            quota.release(caller.userId(), address);
            throw e;
        }
        OpenStream open = new OpenStream(subscription, RequestConnection.of(req), () -> tokenEnd(token), () -> {
            fanOut.unsubscribe(subscription);
            quota.release(caller.userId(), address);
        });
        stalledStreams.watch(open);
        try {
            streamHeaders(res);
            try (OutputStream out = open.timed(res.outputStream())) {
                new EventStream(
                                queries,
                                subscription,
                                sessionId,
                                settings.heartbeat(),
                                () -> tokenEnd(token),
                                streamMeters)
                        .writeTo(out, opening, after);
            } catch (IOException | UncheckedIOException e) {
                // The client went away while the stream was closing, or the watchdog cut its stalled write.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalledStreams.forget(open);
            open.release();
        }
    }

    /** Empty while {@code token} is valid; else why the stream it opened ends: expiry or revocation. */
    private Optional<Subscription.End> tokenEnd(String token) {
        if (tokens.verify(token).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(tokens.expired(token) ? Subscription.End.TOKEN_EXPIRED : Subscription.End.LOGGED_OUT);
    }

    /** {@code Last-Event-ID}, else {@code ?after_id=}; the header wins, being what a reconnect sends. */
    private static OptionalLong lastEventId(ServerRequest req) {
        Optional<String> header = req.headers().first(LAST_EVENT_ID);
        if (header.isPresent()) {
            try {
                long id = Long.parseLong(header.get().strip());
                if (id >= 0) {
                    return OptionalLong.of(id);
                }
            } catch (NumberFormatException e) {
                // Falls through to the 422 below.
            }
            throw new ApiException.Invalid(LAST_EVENT_ID.defaultCase(), "must be a message id");
        }
        return RequestParameters.queryId(req, "after_id").map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
