package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.api.Json;
import java.io.PrintWriter;

/**
 * What {@code --json} prints: one document on one line, in the API's JSON mapping, with what a
 * terminal would act on escaped ({@link TerminalControlEscapes}).
 */
public final class JsonOutput {

    private static final ObjectWriter WRITER = Json.mapper().writer().with(new TerminalControlEscapes());

    private JsonOutput() {}

    /**
     * Written as a string, not as UTF-8 bytes: Jackson's byte writer escapes characters outside the
     * Basic Multilingual Plane (emoji) as surrogate pairs, {@code \\ud83d\\udc4b}, where every other
     * character is raw, so that {@code grep 👋} would miss them. The output's encoding is UTF-8.
     */
    public static void print(PrintWriter out, Object document) {
        try {
            out.println(WRITER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not serializable as JSON: " + document.getClass().getName(), e);
        }
        out.flush();
    }

    /**
     * What a command that did one thing prints: {@code document} with {@code --json}, else
     * {@code line} for a person.
     */
    public static void printResult(PrintWriter out, boolean json, Object document, String line) {
        if (json) {
            print(out, document);
        } else {
            out.println(line);
            out.flush();
        }
    }

    /**
     * JSON's own escapes, plus {@code \\uXXXX} for every other character {@link TerminalText} filters
     * out (DEL, the C1 controls, the bidi overrides and isolates), which JSON allows raw: a server's
     * text stays whole for a program, yet a terminal showing the document acts on none of it.
     */
    private static final class TerminalControlEscapes extends CharacterEscapes {

        private final int[] asciiEscapes = standardAsciiEscapesForJSON();

        TerminalControlEscapes() {
            for (char c = 0; c < asciiEscapes.length; c++) {
                if (asciiEscapes[c] == 0 && TerminalText.actsOnTerminal(c)) {
                    asciiEscapes[c] = ESCAPE_STANDARD;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return TerminalText.actsOnTerminal((char) c) ? new SerializedString(String.format("\\u%04X", c)) : null;
        }
    }
}
