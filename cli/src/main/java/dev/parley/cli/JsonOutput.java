package dev.parley.cli;

import dev.parley.api.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** What {@code --json} prints: one document on one line, in the API's JSON mapping. */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static void print(PrintWriter out, Object document) {
        out.println(new String(Json.bytes(document), StandardCharsets.UTF_8));
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
