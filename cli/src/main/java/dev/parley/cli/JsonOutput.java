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
}
