package dev.parley.server.flows;

import dev.parley.server.testing.ApiClient.Account;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A body that {@link DocumentedStatusFlows} sends with a probe: its content type and text. */
record ProbeBody(String contentType, String text) {

    /** No body at all, whatever the operation takes. */
    static final ProbeBody NONE = new ProbeBody("", "");

    static ProbeBody json(String text) {
        return new ProbeBody("application/json", text);
    }

    static ProbeBody form(String text) {
        return new ProbeBody("application/x-www-form-urlencoded", text);
    }

    /** The body of the operation's first example in the document; the token endpoint's, a log-in as {@code caller}. */
    static ProbeBody validFor(DocumentedOperation operation, Account caller) {
        if (operation.takesForm()) {
            return form("grant_type=password&username=" + URLEncoder.encode(caller.email(), StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(caller.password(), StandardCharsets.UTF_8));
        }
        if (!operation.takesBody()) {
            return NONE;
        }
        return json(operation.exampleJsonBody());
    }

    /** A log-in of {@code victim} with a wrong password: the throttle counts it against that account. */
    static ProbeBody wrongPassword(Account victim) {
        return form("grant_type=password&username=" + URLEncoder.encode(victim.email(), StandardCharsets.UTF_8)
                + "&password=wrong-password");
    }
}
