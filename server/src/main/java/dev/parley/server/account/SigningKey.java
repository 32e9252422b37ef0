package dev.parley.server.account;

import io.helidon.security.jwt.jwk.Jwk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The HMAC key that signs access tokens: the configured one, or else one generated at first start
 * and kept beside the database (mode 0600), so tokens survive a restart. There is no default key.
 */
final class SigningKey {

    static final String ALGORITHM = "HS256";
    static final String FILE_NAME = "jwt-signing-key";
    private static final int MIN_BYTES = 32;
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private SigningKey() {}

    /** The key as a JWK; stops the start with a clear message when a configured key, or the key file's, is too short. */
    static Jwk load(Optional<String> configured, Path dataDir) {
        byte[] key = configured
                .map(text -> decode(text, "parley.auth.jwt-secret"))
                .orElseGet(() -> fromFile(dataDir.resolve(FILE_NAME)));
        return Jwk.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("alg", ALGORITHM)
                .add("use", "sig")
                .add("kid", "parley")
                .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(key))
                .build());
    }

    /** A base64 or base64url key of at least 256 bits, or a clear refusal naming {@code where} it came from. */
    private static byte[] decode(String text, String where) {
        byte[] key;
        try {
            key = text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text.strip())
                    : Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " must be base64 or base64url");
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException(where + " is " + key.length * 8
                    + " bits; an HS256 key needs at least 256 bits (32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        return key;
    }

    /**
     * The key file's key, held to the same rules as a configured one, and refused when anyone but its
     * owner may read or write it: whoever reads it can forge any user's tokens.
     */
    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                Set<PosixFilePermission> others = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                others.retainAll(GROUP_AND_OTHERS);
                if (!others.isEmpty()) {
                    throw new IllegalStateException("the signing key " + file + " is "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                            + "; others may not read it (chmod 600 " + file + ")");
                }
                return decode(Files.readString(file, StandardCharsets.US_ASCII), "the signing key " + file);
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
        Path temporary = Files.createTempFile(
                file.getParent(),
                FILE_NAME,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
