package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Problem.FieldError;
import dev.parley.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCursorTest {

    @Test
    void decodesWhatItEncodes() {
        SessionCursor cursor = new SessionCursor(Instant.parse("2026-11-25T21:49:53.123Z"), 9_007_199_254_740_993L);

        assertThat(SessionCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void isSafeInAQueryStringWithoutEscaping() {
        String encoded = new SessionCursor(Instant.parse("2026-11-25T21:49:53.123Z"), Long.MAX_VALUE).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "!!!!", "%%%", "MTIzNDU2", "YWJjOjEyMw", "MTIzOmFiYw", "OjE", "MTIz"})
    void refusesWhatItDidNotIssue(String cursor) {
        assertThatThrownBy(() -> SessionCursor.decode(cursor))
                .isInstanceOfSatisfying(
                        ApiException.Invalid.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactly("cursor"));
    }

    @Test
    void refusesAnIdThatOverflows() {
        String overflowing = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("1764107393123:99999999999999999999".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> SessionCursor.decode(overflowing)).isInstanceOf(ApiException.Invalid.class);
    }
}
