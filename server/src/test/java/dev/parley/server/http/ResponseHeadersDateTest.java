package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@code Date} made once a second is the one of the second asked for, whatever was asked before. */
class ResponseHeadersDateTest {

    private static final Instant TEN_O_CLOCK = Instant.parse("2026-12-01T10:00:00.250Z");

    @Test
    void eachSecondHasItsOwnDateAndTheSameSecondTheSame() {
        assertThat(ResponseHeaders.date(TEN_O_CLOCK).get()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(ResponseHeaders.date(TEN_O_CLOCK.plusMillis(700)).get()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
        assertThat(ResponseHeaders.date(TEN_O_CLOCK.plusMillis(750)).get()).isEqualTo("Tue, 01 Dec 2026 10:00:01 GMT");
        assertThat(ResponseHeaders.date(TEN_O_CLOCK.minusSeconds(86_400)).get())
                .isEqualTo("Mon, 30 Nov 2026 10:00:00 GMT");
        assertThat(ResponseHeaders.date(TEN_O_CLOCK).get()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
    }
}
