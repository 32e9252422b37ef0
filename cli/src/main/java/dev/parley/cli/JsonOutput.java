package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.api.Json;
import java.io.PrintWriter;

/** What {@code --json} prints: one document on one line, in the API's JSON mapping. */
public final class JsonOutput {

    private JsonOutput() {}

    /**
     * Written as a string, not as UTF-8 bytes: Jackson's byte writer escapes characters outside the
     * Basic Multilingual Plane (emoji) as surrogate pairs, {@code \\ud83d\\udc4b}, where every other
     * character is raw, so that {@code grep 👋} would miss them. The output's encoding is UTF-8.
     */
    public static void print(PrintWriter out, Object document) {
        try {
            out.println(Json.mapper().writeValueAsString(document));
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
}
