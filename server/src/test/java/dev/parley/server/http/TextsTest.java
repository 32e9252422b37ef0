package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        assertThat(Texts.length("")).isZero();
        assertThat(Texts.length("abc")).isEqualTo(3);
        assertThat(Texts.length("é")).isEqualTo(1);
        assertThat(Texts.length("😀")).isEqualTo(1);
        assertThat(Texts.length("a😀b")).isEqualTo(3);
        // A combining accent is a code point of its own.
        assertThat(Texts.length("e\u0301")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009f"})
    void findsControlCharacters(String text) {
        assertThat(Texts.hasControlCharacters("a" + text + "b", false)).isTrue();
        assertThat(Texts.hasControlCharacters("a" + text + "b", true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\t", "\r\n"})
    void lineBreaksAndTabsAreControlCharactersOnlyWhereNotAllowed(String text) {
        assertThat(Texts.hasControlCharacters("a" + text + "b", false)).isTrue();
        assertThat(Texts.hasControlCharacters("a" + text + "b", true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "ünïcödé", "😀 emoji", "\u00a0no-break space", "\u200bzero width"})
    void printableTextHasNoControlCharacters(String text) {
        assertThat(Texts.hasControlCharacters(text, false)).isFalse();
    }
}
