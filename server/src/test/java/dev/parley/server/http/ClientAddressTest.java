package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address a request counts as: X-Forwarded-For only from a trusted proxy, and only its trustworthy part. */
class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.2", "::1"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", List.of("203.0.113.9")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void aPeerThatIsNotATrustedProxyIsTheClientWhateverItForwards() {
        assertThat(behindProxies.of("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindATrustedProxyTheClientIsTheLastAddressNotOneOfThem() {
        // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        assertThat(behindProxies.of("10.0.0.2", List.of("1.2.3.4, 203.0.113.9")))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.of("10.0.0.2", List.of("1.2.3.4", "203.0.113.9, 10.0.0.2")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6AddressesMatchHoweverTheyAreSpelled() {
        assertThat(behindProxies.of("0:0:0:0:0:0:0:1", List.of("2001:db8:0:0:0:0:0:7")))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aTrustedProxyForwardingNothingIsTheClient() {
        assertThat(behindProxies.of("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
        assertThat(behindProxies.of("10.0.0.2", List.of(" , "))).isEqualTo("10.0.0.2");
    }

    @Test
    void namesAreTakenAsTheyAreAndNeverLookedUp() {
        assertThat(behindProxies.of("10.0.0.2", List.of("unknown"))).isEqualTo("unknown");
    }
}
