package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Problem.FieldError;
import dev.parley.server.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class PasswordTest {

    @Test
    void eightCharactersAreEnough() {
        assertThat(Password.parse("12345678").text()).isEqualTo("12345678");
        assertRefused("1234567");
    }

    @Test
    void charactersAreCountedAsCodePoints() {
        // Seven emoji are fourteen UTF-16 units but seven characters.
        assertRefused("😀".repeat(7));
        assertThat(Password.parse("😀".repeat(8)).text()).isEqualTo("😀".repeat(8));
    }

    @Test
    void atMostSeventyTwoUtf8BytesAreAccepted() {
        assertThat(Password.parse("a".repeat(72)).text()).hasSize(72);
        assertThat(Password.parse("é".repeat(30)).text()).hasSize(30);
        assertThat(Password.parse("😀".repeat(18)).text()).isNotEmpty();
        assertRefused("a".repeat(73));
        assertRefused("é".repeat(40));
        assertRefused("😀".repeat(19));
    }

    @Test
    void isKeptExactlyAsTyped() {
        assertThat(Password.parse("  spaced out  ").text()).isEqualTo("  spaced out  ");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void isRequired(String raw) {
        assertRefused(raw);
    }

    @Test
    void neverShowsItsText() {
        assertThat(Password.parse("hunter2hunter2").toString()).doesNotContain("hunter2");
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> Password.parse(raw)).isInstanceOfSatisfying(ApiException.Invalid.class, e -> {
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("password");
            if (raw != null && !raw.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(raw);
            }
        });
    }
}
