package dev.parley.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt's function: {@code crypt(password, setting)}, where the setting is a salt string
 * ({@code $2a$COST$SALT}) or a whole stored hash, whose first 29 characters it reads. Every hash
 * Parley stores is a {@code $2a$} hash that jBCrypt, in pure Java, can always check; where the
 * system's libcrypt computes the same function faster, it does ({@link LibcryptBcrypt}).
 */
interface Bcrypt {

    /** The pure-Java function, which every machine has. */
    Bcrypt JAVA = BCrypt::hashpw;

    /** The system's libcrypt where it computes the same hashes, else jBCrypt; logs which. */
    static Bcrypt fastest() {
        Optional<? extends Bcrypt> system = LibcryptBcrypt.load();
        System.getLogger(Bcrypt.class.getName())
                .log(
                        System.Logger.Level.INFO,
                        system.isPresent()
                                ? "bcrypt: the system's libcrypt (jBCrypt for passwords beyond ASCII)"
                                : "bcrypt: jBCrypt (no libcrypt with bcrypt found)");
        return system.isPresent() ? system.get() : JAVA;
    }

    /** The hash of {@code password} with the salt and cost of {@code setting}. */
    String crypt(String password, String setting);

    /** A new hash of {@code password} at {@code cost}, with a fresh random salt. */
    default String hash(String password, int cost) {
        return crypt(password, BCrypt.gensalt(cost));
    }

    /** Whether {@code password} is the one {@code hash} was made from, compared in constant time. */
    default boolean matches(String password, String hash) {
        return MessageDigest.isEqual(
                crypt(password, hash).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }
}
