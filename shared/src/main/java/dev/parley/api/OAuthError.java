package dev.parley.api;

/** Error body of {@code POST /token} in RFC 6749 §5.2 form, the one endpoint not answering problem+json. */
public record OAuthError(String error, String errorDescription) {}
