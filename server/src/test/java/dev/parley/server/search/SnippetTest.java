package dev.parley.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.SearchResult.Highlight;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetTest {

    private static final String S = String.valueOf(Snippet.START);
    private static final String E = String.valueOf(Snippet.END);

    @Test
    void theWholeTextWithItsMarksAsOffsets() {
        Snippet snippet = Snippet.of("the " + S + "quick" + E + " brown " + S + "fox" + E, "the quick brown fox");

        assertThat(snippet.text()).isEqualTo("the quick brown fox");
        assertThat(snippet.highlights()).containsExactly(new Highlight(4, 9), new Highlight(16, 19));
    }

    @Test
    void anExcerptGetsAnEllipsisAtEachEndWhereTextIsLeftOut() {
        String text = "one two three four five";

        assertThat(Snippet.of("two " + S + "three" + E + " four", text))
                .isEqualTo(new Snippet("…two three four…", List.of(new Highlight(5, 10))));
        assertThat(Snippet.of(S + "one" + E + " two", text).text()).isEqualTo("one two…");
        assertThat(Snippet.of("four " + S + "five" + E, text).highlights()).containsExactly(new Highlight(6, 10));
    }

    @Test
    void whiteSpaceAtTheEndsIsTrimmedAndTheOffsetsFollow() {
        Snippet snippet = Snippet.of("\n  " + S + "Hello" + E + " world,\n  ", "\n  Hello world,\n  ");

        assertThat(snippet.text()).isEqualTo("Hello world,");
        assertThat(snippet.highlights()).containsExactly(new Highlight(0, 5));
    }

    @Test
    void offsetsCountUtf16UnitsAsClientsIndexStrings() {
        Snippet snippet = Snippet.of("\uD83D\uDE00 " + S + "é" + E, "\uD83D\uDE00 é");

        assertThat(snippet.highlights()).containsExactly(new Highlight(3, 4));
        assertThat(snippet.text().substring(3, 4)).isEqualTo("é");
    }

    @Test
    void unpairedMarksAndEmptyMarksGiveNoHighlight() {
        Snippet snippet = Snippet.of(E + "a " + S + E + "b " + S + "c", "a b c");

        assertThat(snippet.text()).isEqualTo("a b c");
        assertThat(snippet.highlights()).isEmpty();
    }
}
