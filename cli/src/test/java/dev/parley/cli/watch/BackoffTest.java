package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromHalfASecondUpToFiveSeconds() {
        Backoff backoff = new Backoff();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(backoff.next());
        }

        assertThat(waits).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
    }

    @Test
    void aSuccessfulConnectionStartsOverAtTheFirstWait() {
        Backoff backoff = new Backoff();
        backoff.next();
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Backoff.FIRST);
    }
}
