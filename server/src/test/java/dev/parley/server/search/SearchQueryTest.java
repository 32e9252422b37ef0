package dev.parley.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.http.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {

    @Test
    void wordsAreSeparatedByAnyWhiteSpace() {
        assertThat(SearchQuery.parse(" quick\u00a0brown \u3000fox ").terms()).containsExactly("quick", "brown", "fox");
    }

    @Test
    void textBetweenQuotesIsOnePhraseAndAQuoteEndsAWord() {
        assertThat(SearchQuery.parse("\"brown  fox\" jumps don\"t stop\"").terms())
                .containsExactly("brown  fox", "jumps", "don", "t stop");
    }

    @Test
    void fromNamesAnAuthorByEmailFoldedToLowerCase() {
        SearchQuery query = SearchQuery.parse("FROM:Ada@Example.com plans from:bea@example.com \"from:x\"");

        assertThat(query.terms()).containsExactly("plans", "from:x");
        assertThat(query.authors()).containsExactly("ada@example.com", "bea@example.com");
    }

    @Test
    void termsWithoutALetterOrDigitAreLeftOut() {
        assertThat(SearchQuery.parse("- * ( fox ) \"...\" 42 é").terms()).containsExactly("fox", "42", "é");
    }

    @Test
    void aThousandCodePointsAreAllowedHoweverManyUtf16UnitsTheyTake() {
        String emoji = "\uD83D\uDE00";

        assertThat(SearchQuery.parse("a" + emoji.repeat(999)).terms()).hasSize(1);
        assertRefused("a" + emoji.repeat(1000), "must be at most 1000 characters");
    }

    @Test
    void thirtyTwoPartsAreAllowed() {
        assertThat(SearchQuery.parse("w ".repeat(31) + "from:a@b").terms()).hasSize(31);
        assertRefused("w ".repeat(32) + "from:a@b", "has more than 32 words, phrases and from: filters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " \t "})
    void anEmptyQueryIsRefused(String raw) {
        assertRefused(raw, "must not be empty or blank");
    }

    @Test
    void everyOtherMistakeIsRefusedWithWhatIsWrong() {
        assertRefused(null, "is required: the words to search for");
        assertRefused("fox \"and more", "has a quote that is not closed");
        assertRefused("fox from:", "from: needs an email address, as in from:ada@example.com");
        assertRefused("fox from:ada", "from: needs an email address, as in from:ada@example.com");
        assertRefused("fox from:@example.com", "from: needs an email address, as in from:ada@example.com");
        assertRefused("fox from:ada@", "from: needs an email address, as in from:ada@example.com");
        assertRefused("from:ada@example.com", "has no word to search for (a letter or digit outside a from: filter)");
        assertRefused("* \"\" -", "has no word to search for (a letter or digit outside a from: filter)");
        assertRefused("fox\u0000", "must not contain control characters");
        assertRefused("fox\nbox", "must not contain control characters");
        assertRefused("fox\uD800", "must be valid Unicode (it holds half a surrogate pair)");
    }

    @Test
    void fts5GetsEachTermAsAStringWithItsQuotesDoubled() {
        SearchQuery query = new SearchQuery(List.of("NEAR(a", "say \"hi\"", "*"), List.of());

        assertThat(Fts5Search.expression(query)).isEqualTo("\"NEAR(a\" \"say \"\"hi\"\"\" \"*\"");
    }

    private static void assertRefused(String raw, String message) {
        assertThatThrownBy(() -> SearchQuery.parse(raw))
                .isInstanceOfSatisfying(
                        ApiException.Invalid.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("q");
                            assertThat(error.message()).isEqualTo(message);
                        }));
    }
}
