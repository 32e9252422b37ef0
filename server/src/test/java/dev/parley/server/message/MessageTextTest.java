package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Problem.FieldError;
import dev.parley.server.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTextTest {

    @Test
    void isKeptExactlyAsWritten() {
        assertThat(MessageText.parse("  indented\r\n\tsecond line\n").value())
                .isEqualTo("  indented\r\n\tsecond line\n");
    }

    @Test
    void fourThousandCodePointsIsTheLongestAccepted() {
        assertThat(MessageText.parse("😀".repeat(4000)).value()).hasSize(8000);
        assertThat(MessageText.parse("a".repeat(4000)).value()).hasSize(4000);
        assertRefused("😀".repeat(4001));
        assertRefused("a".repeat(4001));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n", "\t \r\n", "\u2003"})
    void refusesEmptyOrBlankText(String raw) {
        assertRefused(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b[2J", "bell\u0007", "nul\u0000", "del\u007f", "c1\u009b31m", "vt\u000b", "ff\u000c"})
    void refusesControlCharactersOtherThanLineBreaksAndTabs(String raw) {
        assertRefused(raw);
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> MessageText.parse(raw))
                .isInstanceOfSatisfying(
                        ApiException.Invalid.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactly("text"));
    }
}
