package dev.parley.cli.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.cli.client.MessageEvent;

/**
 * What {@code watch --json} prints for a message event: the Message, as the API writes it, with the
 * stream's name for the event first, {@code {"event":"message_edited","id":340,…}}: one flat document
 * per line, so that {@code jq .text} reads every kind alike and {@code select(.event == "message")}
 * keeps the new ones.
 */
final class WatchJson {

    private WatchJson() {}

    static ObjectNode of(MessageEvent event) {
        ObjectNode line =
                Json.mapper().createObjectNode().put("event", event.kind().event());
        line.setAll((ObjectNode) Json.mapper().valueToTree(event.message()));
        return line;
    }
}
