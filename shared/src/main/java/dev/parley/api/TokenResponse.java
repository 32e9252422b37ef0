package dev.parley.api;

/** Successful answer of {@code POST /token} (RFC 6749 §5.1). */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    public static final String BEARER = "bearer";

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", tokens=***]";
    }
}
