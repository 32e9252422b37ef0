package dev.parley.api;

/**
 * The answer of {@code POST /events/tickets} and {@code POST /sessions/{id}/events/tickets}: a
 * single-use ticket that opens that event stream once, as {@code ?ticket=}, within {@code expiresIn}
 * seconds.
 */
public record StreamTicket(String ticket, long expiresIn) {

    @Override
    public String toString() {
        return "StreamTicket[ticket=***, expiresIn=" + expiresIn + "]";
    }
}
