package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Problem.FieldError;
import dev.parley.server.http.ApiException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void acceptsOneToTwoHundredFiftyFiveVisibleAsciiCharacters() {
        String uuid = UUID.randomUUID().toString();

        assertThat(IdempotencyKey.parse(uuid).value()).isEqualTo(uuid);
        assertThat(IdempotencyKey.parse("!").value()).isEqualTo("!");
        assertThat(IdempotencyKey.parse("~".repeat(255)).value()).hasSize(255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\tkey", "clé", "emoji😀", "nul\u0000"})
    void refusesOtherCharacters(String raw) {
        assertRefused(raw);
    }

    @Test
    void refusesMoreThanTwoHundredFiftyFiveCharacters() {
        assertRefused("k".repeat(256));
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> IdempotencyKey.parse(raw))
                .isInstanceOfSatisfying(
                        ApiException.Invalid.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactly("Idempotency-Key"));
    }
}
