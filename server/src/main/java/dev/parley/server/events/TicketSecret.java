package dev.parley.server.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256 random bits of one stream ticket, and the two values derived from them (HMAC-SHA256 with
 * distinct labels): the id it is stored under, and the AES-GCM key that seals the access token it
 * was issued for. The database holds only those, so neither its rows nor a backup open a stream or
 * reveal a token; only the ticket's holder can.
 */
final class TicketSecret {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;

    private TicketSecret(byte[] secret) {
        this.secret = secret;
    }

    static TicketSecret generate() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        return new TicketSecret(secret);
    }

    /** The secret a ticket's text carries, or empty when it is not one (wrong length, not base64url). */
    static Optional<TicketSecret> parse(String ticket) {
        try {
            byte[] secret = Base64.getUrlDecoder().decode(ticket);
            return secret.length == BYTES ? Optional.of(new TicketSecret(secret)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The ticket as the client gets it: 43 base64url characters, safe in a URL as they are. */
    String text() {
        return TEXT.encodeToString(secret);
    }

    /** What the ticket is stored under: 64 hex digits. */
    String id() {
        return HexFormat.of().formatHex(derive("parley stream ticket id"));
    }

    /** {@code accessToken} encrypted and authenticated under this ticket's key, as text. */
    String seal(String accessToken) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(accessToken.getBytes(StandardCharsets.UTF_8));
            return TEXT.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
    }

    /** The access token {@link #seal} sealed, or empty when {@code sealed} was not sealed under this ticket. */
    Optional<String> open(String sealed) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
            byte[] token = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(token, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                mode,
                new SecretKeySpec(derive("parley stream ticket key"), "AES"),
                new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    private byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HMAC-SHA256", e);
        }
    }

    @Override
    public String toString() {
        return "TicketSecret[***]";
    }
}
