package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The address a request came from, as far as the server can trust it: the connection's peer, or,
 * when that peer is one of the configured reverse proxies, the last address in
 * {@code X-Forwarded-For} that is not one of them. Earlier entries were written by whoever sent
 * the request and prove nothing, so a client cannot pass for another address; and without
 * configured proxies the header is ignored altogether.
 */
public final class ClientAddress {

    /** What an IP address literal may hold: only these are parsed, so no entry ever costs a DNS look-up. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Set<String> trustedProxies;

    public ClientAddress(Collection<String> trustedProxies) {
        this.trustedProxies =
                trustedProxies.stream().map(ClientAddress::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /** The client's address for {@code req}. */
    public String of(ServerRequest req) {
        return of(req.remotePeer().host(), req.headers().values(HeaderNames.X_FORWARDED_FOR));
    }

    /** The client's address for a connection from {@code peer} with these {@code X-Forwarded-For} values. */
    String of(String peer, List<String> forwardedFor) {
        String address = canonical(peer);
        if (!trustedProxies.contains(address)) {
            return address;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(canonical(hop.strip()));
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        // Proxies all the way: the first of them is the nearest thing to a client there is.
        return hops.isEmpty() ? address : hops.getFirst();
    }

    /** One spelling per IP address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); anything else as it is. */
    private static String canonical(String address) {
        if (!IP_LITERAL.matcher(address).matches()) {
            return address;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
