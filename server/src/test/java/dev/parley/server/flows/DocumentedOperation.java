package dev.parley.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An operation of the OpenAPI document, as {@link DocumentedStatusFlows} probes it: its method, path
 * template and entry, with its query parameters ({@code $ref}s resolved).
 */
record DocumentedOperation(String method, String template, JsonNode spec, List<JsonNode> queryParameters) {

    /** Every operation of {@code document}, in its order. */
    static List<DocumentedOperation> allIn(JsonNode document) {
        List<DocumentedOperation> operations = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    if (!entry.getKey().equals("parameters")) {
                        List<JsonNode> query = new ArrayList<>();
                        entry.getValue().path("parameters").forEach(parameter -> {
                            JsonNode resolved = resolve(document, parameter);
                            if (resolved.path("in").asText().equals("query")) {
                                query.add(resolved);
                            }
                        });
                        operations.add(new DocumentedOperation(
                                entry.getKey().toUpperCase(Locale.ROOT), path.getKey(), entry.getValue(), query));
                    }
                }));
        return operations;
    }

    /** {@code node} itself, or what its {@code $ref} points to elsewhere in {@code document}. */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText();
        return ref.isEmpty() ? node : document.at(ref.substring(1));
    }

    /** The media types the document gives a response, following a {@code $ref} to the shared responses. */
    static Set<String> documentedMediaTypes(JsonNode document, JsonNode response) {
        Set<String> types = new TreeSet<>();
        resolve(document, response).path("content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    /** Its required query parameters, each with the first example the document gives it: "q=..." */
    String requiredQuery() {
        return queryParameters.stream()
                .filter(parameter -> parameter.path("required").asBoolean())
                .map(parameter -> parameter.path("name").asText() + "="
                        + URLEncoder.encode(
                                parameter
                                        .path("examples")
                                        .elements()
                                        .next()
                                        .path("value")
                                        .asText(),
                                StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The first example of its JSON request body, as text; {@code {}} when it gives none. */
    String exampleJsonBody() {
        Iterator<JsonNode> examples = spec.path("requestBody")
                .path("content")
                .path("application/json")
                .path("examples")
                .elements();
        return examples.hasNext() ? examples.next().path("value").toString() : "{}";
    }

    boolean takesQuery(String name) {
        return queryParameters.stream()
                .anyMatch(parameter -> parameter.path("name").asText().equals(name));
    }

    String id() {
        return spec.path("operationId").asText();
    }

    boolean takesBody() {
        return spec.has("requestBody");
    }

    boolean takesForm() {
        return spec.path("requestBody").path("content").has("application/x-www-form-urlencoded");
    }

    boolean isStream() {
        return spec.path("responses").path("200").path("$ref").asText().endsWith("/EventStream");
    }
}
