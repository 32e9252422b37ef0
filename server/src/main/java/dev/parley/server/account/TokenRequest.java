package dev.parley.server.account;

import dev.parley.api.Json;
import dev.parley.server.http.OAuthFailure;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request to {@code POST /token}, read from an OAuth2 form (RFC 6749 §4.3 and §6) or from JSON.
 * Extra fields that OAuth clients send (client_id, scope) are ignored.
 */
sealed interface TokenRequest {

    record PasswordGrant(String email, String password) implements TokenRequest {
        @Override
        public String toString() {
            return "PasswordGrant[email=" + email + ", password=***]";
        }
    }

    record RefreshGrant(String refreshToken) implements TokenRequest {
        @Override
        public String toString() {
            return "RefreshGrant[***]";
        }
    }

    /** The JSON form: {@code {"email","password"}} or {@code {"grant_type":"refresh_token","refresh_token"}}. */
    record JsonBody(String grantType, String email, String username, String password, String refreshToken) {}

    static TokenRequest parse(HttpMediaType contentType, byte[] body) {
        Map<String, String> fields;
        if (contentType.test(MediaTypes.APPLICATION_FORM_URLENCODED)) {
            fields = formFields(new String(body, StandardCharsets.UTF_8));
        } else if (contentType.test(MediaTypes.APPLICATION_JSON)) {
            fields = jsonFields(body);
        } else {
            throw OAuthFailure.invalidRequest("the body must be application/x-www-form-urlencoded or application/json");
        }
        String grantType = fields.getOrDefault("grant_type", "password");
        return switch (grantType) {
            case "password" -> new PasswordGrant(required(fields, "username"), required(fields, "password"));
            case "refresh_token" -> new RefreshGrant(required(fields, "refresh_token"));
            default -> throw OAuthFailure.unsupportedGrantType("grant_type must be password or refresh_token");
        };
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthFailure.invalidRequest(name + " is required");
        }
        return value;
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (fields.putIfAbsent(name, value) != null) {
                    // RFC 6749 §3.2: parameters must not be included more than once.
                    throw OAuthFailure.invalidRequest(name + " is given more than once");
                }
            } catch (IllegalArgumentException e) {
                throw OAuthFailure.invalidRequest("the form body is not validly percent-encoded");
            }
        }
        return fields;
    }

    private static Map<String, String> jsonFields(byte[] body) {
        JsonBody json;
        try {
            json = Json.mapper().readValue(body, JsonBody.class);
        } catch (IOException e) {
            // Bytes in memory fail to read only for what they hold: malformed JSON, or bytes that look
            // like UTF-32 but are not (a CharConversionException, which is no JsonProcessingException).
            throw OAuthFailure.invalidRequest("the body is not a JSON object of strings");
        }
        if (json == null) {
            throw OAuthFailure.invalidRequest("the body is not a JSON object of strings");
        }
        Map<String, String> fields = new HashMap<>();
        putIfPresent(fields, "grant_type", json.grantType());
        putIfPresent(fields, "username", json.email() != null ? json.email() : json.username());
        putIfPresent(fields, "password", json.password());
        putIfPresent(fields, "refresh_token", json.refreshToken());
        return fields;
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
