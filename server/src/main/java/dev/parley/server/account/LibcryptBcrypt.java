package dev.parley.server.account;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * bcrypt by the system's libcrypt (libxcrypt on Debian, whose bcrypt is crypt_blowfish, in C), through
 * JNA. On this project's 2-core machine it hashes about a quarter faster than jBCrypt (0.21 against
 * 0.26 s of a core at cost 12), which lets log-ins keep pace with the original app's C bcrypt
 * (benchmark/README.md, "Log-ins").
 * <p>
 * Only passwords of ASCII characters (without NUL) go to C. For them every bcrypt agrees. Beyond
 * ASCII, crypt_blowfish's {@code $2a$} adds a countermeasure for the old 8-bit bug that changes a few
 * rare passwords' hashes. A NUL ends a C string, where jBCrypt hashes on past it. Those passwords are
 * hashed by jBCrypt instead, so a hash made by either implementation is checked alike by both.
 */
final class LibcryptBcrypt implements Bcrypt {

    /** libxcrypt's {@code sizeof(struct crypt_data)}: the work area each call gets to itself. */
    private static final int CRYPT_DATA_SIZE = 32_768;

    /** The one function used: reentrant, and NULL (rather than a "*0" string) when it cannot hash. */
    interface Libcrypt extends Library {
        Pointer crypt_rn(byte[] phrase, String setting, Pointer data, int size);
    }

    private final Libcrypt libcrypt;

    private LibcryptBcrypt(Libcrypt libcrypt) {
        this.libcrypt = libcrypt;
    }

    /**
     * The system's bcrypt, if it has a libcrypt that computes jBCrypt's {@code $2a$} hashes exactly;
     * checked on a cheap hash here rather than trusted.
     */
    static Optional<LibcryptBcrypt> load() {
        LibcryptBcrypt bcrypt;
        try {
            bcrypt = new LibcryptBcrypt(Native.load("crypt", Libcrypt.class));
        } catch (LinkageError e) {
            return Optional.empty();
        }
        String setting = "$2a$04$" + "abcdefghijklmnopqrstuu";
        String password = "Parley checks libcrypt's bcrypt";
        try {
            return bcrypt.cryptInC(password, setting).equals(JAVA.crypt(password, setting))
                    ? Optional.of(bcrypt)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String crypt(String password, String setting) {
        return isForC(password) ? cryptInC(password, setting) : JAVA.crypt(password, setting);
    }

    /** Whether {@code password} is hashed in C: only ASCII without NUL, where every bcrypt agrees. */
    static boolean isForC(String password) {
        return password.chars().allMatch(c -> c > 0 && c < 0x80);
    }

    /** libcrypt's hash of {@code password}, which must be {@link #isForC}. */
    String cryptInC(String password, String setting) {
        byte[] phrase = (password + '\0').getBytes(StandardCharsets.US_ASCII);
        try (Memory data = new Memory(CRYPT_DATA_SIZE)) {
            data.clear();
            Pointer hash = libcrypt.crypt_rn(phrase, setting, data, CRYPT_DATA_SIZE);
            if (hash == null) {
                throw new IllegalArgumentException("not a bcrypt setting libcrypt accepts");
            }
            return hash.getString(0, StandardCharsets.US_ASCII.name());
        }
    }
}
