package dev.parley.cli.client;

import okhttp3.HttpUrl;

/**
 * Where a Parley server is, spelled one way only ({@code http://host:port}, lower-case host, no
 * trailing slash, no query), so that it can key the stored logins. A path prefix is kept, for a
 * server behind a proxy at {@code https://example.com/parley}.
 */
public record ServerUrl(HttpUrl base) {

    public static final String DEFAULT = "http://127.0.0.1:8080";

    public ServerUrl {
        if (!base.encodedPath().endsWith("/")) {
            throw new IllegalArgumentException("a base URL ends with /: " + base);
        }
    }

    /** Reads a URL as a user types it; refuses anything but http and https. */
    public static ServerUrl parse(String text) {
        HttpUrl url = text == null ? null : HttpUrl.parse(text.strip());
        if (url == null) {
            throw new IllegalArgumentException("not an http or https URL (like " + DEFAULT + "): " + text);
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("a server URL carries no user name or password: " + url.redact());
        }
        HttpUrl.Builder base = url.newBuilder().query(null).fragment(null);
        if (!url.encodedPath().endsWith("/")) {
            base.encodedPath(url.encodedPath() + "/");
        }
        return new ServerUrl(base.build());
    }

    /** The URL of an API path such as {@code users/me}, below this base. */
    HttpUrl resolve(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    @Override
    public String toString() {
        String text = base.toString();
        return text.substring(0, text.length() - 1);
    }
}
