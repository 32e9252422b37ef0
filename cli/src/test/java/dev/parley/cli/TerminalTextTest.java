package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one filter between a server's text and the terminal. */
class TerminalTextTest {

    @Test
    void c0AndDeleteBecomeSpacesOnOneLine() {
        assertThat(TerminalText.oneLine("a\u001b[31mred\u007f\nb\tc")).isEqualTo("a [31mred b c");
    }

    @Test
    void c1ControlsAreFilteredToo() {
        // U+009B is a CSI and U+009D an OSC on terminals that read 8-bit controls.
        assertThat(TerminalText.oneLine("x\u009b31my\u009d0;title\u009c")).isEqualTo("x 31my 0;title");
        assertThat(TerminalText.multiLine("x\u009b31my\u0085z")).isEqualTo("x 31my z");
    }

    @Test
    void bidiOverridesAndIsolatesAreDropped() {
        String spoof = "invoice\u202Efdp.exe\u202C \u2066a\u2069\u2067b\u2068c\u202A\u202B\u202D";
        assertThat(TerminalText.oneLine(spoof)).isEqualTo("invoicefdp.exe abc");
        assertThat(TerminalText.multiLine(spoof)).isEqualTo("invoicefdp.exe abc");
    }

    @Test
    void multiLineKeepsLineFeedsTabsAndOtherTextAsItIs() {
        assertThat(TerminalText.multiLine("one\n\ttwo\r\nthree  👋 日本")).isEqualTo("one\n\ttwo \nthree  👋 日本");
    }

    @Test
    void oneLineCollapsesTheSpacesItMakes() {
        assertThat(TerminalText.oneLine("  a \u0000\u0001 b  ")).isEqualTo("a b");
    }

    @Test
    void aPieceKeepsItsLengthSoThatPiecesJoinIntoTheLine() {
        assertThat(TerminalText.piece(" a\u001b\n\u202Eb ")).isEqualTo(" a  b ");
    }
}
