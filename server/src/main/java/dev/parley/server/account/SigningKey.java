package dev.parley.server.account;

import io.helidon.security.jwt.jwk.Jwk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The HMAC key that signs access tokens: the configured one, or else one generated at first start
 * and kept beside the database (mode 0600), so tokens survive a restart. There is no default key.
 */
final class SigningKey {

    static final String ALGORITHM = "HS256";
    static final String FILE_NAME = "jwt-signing-key";
    private static final int MIN_BYTES = 32;

    private SigningKey() {
    }

    /** The key as a JWK; stops the start with a clear message when a configured key is too short. */
    static Jwk load(Optional<String> configured, Path dataDir) {
        byte[] key = configured.map(SigningKey::decodeConfigured).orElseGet(() -> fromFile(dataDir.resolve(FILE_NAME)));
        return Jwk.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("alg", ALGORITHM)
                .add("use", "sig")
                .add("kid", "parley")
                .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(key))
                .build());
    }

    private static byte[] decodeConfigured(String text) {
        byte[] key;
        try {
            key = text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text.strip())
                    : Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("parley.auth.jwt-secret must be base64 or base64url");
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("parley.auth.jwt-secret is " + key.length * 8
                    + " bits; an HS256 key needs at least 256 bits (32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        return key;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getUrlDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
            byte[] key = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(key);
            writePrivately(file, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key " + file, e);
        }
    }

    /** Written to a 0600 temporary file first and moved into place, so no reader ever sees half a key. */
    private static void writePrivately(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
