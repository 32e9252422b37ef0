package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The system's libcrypt and jBCrypt are one function: each computes the other's hashes exactly, so a
 * password hashed on a server with libcrypt is checked on one without, and the other way round.
 */
class BcryptTest {

    private static final int LOWEST_COST = 4;

    private LibcryptBcrypt system;

    @BeforeEach
    void loadTheSystemsBcrypt() {
        Optional<LibcryptBcrypt> loaded = LibcryptBcrypt.load();
        assumeTrue(loaded.isPresent(), "skipped: this machine has no libcrypt with bcrypt (libxcrypt, libcrypt.so.1)");
        system = loaded.get();
    }

    @Test
    void libcryptsHashesAreJBCryptsForPrintableAsciiPasswords() {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        for (int i = 0; i < 50; i++) {
            String password = random.ints(8 + random.nextInt(60), 0x20, 0x7f)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString();
            String setting = BCrypt.gensalt(LOWEST_COST);

            assertThat(LibcryptBcrypt.isForC(password)).as(password).isTrue();
            assertThat(system.cryptInC(password, setting)).isEqualTo(Bcrypt.JAVA.crypt(password, setting));
        }
    }

    @Test
    void passwordsBeyondAsciiOrWithANulAreLeftToJBCrypt() {
        assertThat(List.of("pässwört", "nul\0inside", "next line\u0085", "emoji \uD83D\uDE00"))
                .noneMatch(LibcryptBcrypt::isForC);
    }

    @Test
    void eachChecksTheOthersHashesAndRefusesAWrongPassword() {
        for (String password : List.of("correct horse battery", "pässwört ünïcode", "nul\0inside", "tab\tand\u0085")) {
            String bySystem = system.hash(password, LOWEST_COST);
            String byJava = Bcrypt.JAVA.hash(password, LOWEST_COST);

            assertThat(Bcrypt.JAVA.matches(password, bySystem)).as(password).isTrue();
            assertThat(system.matches(password, byJava)).as(password).isTrue();
            assertThat(system.matches(password + "x", byJava)).as(password).isFalse();
            assertThat(Bcrypt.JAVA.matches(password + "x", bySystem))
                    .as(password)
                    .isFalse();
        }
    }

    @Test
    void theCostAndSaltOfTheSettingAreKept() {
        String hash = system.hash("correct horse battery", 5);

        assertThat(hash).startsWith("$2a$05$").hasSize(60);
        assertThat(system.hash("correct horse battery", 5))
                .as("a fresh salt each time")
                .isNotEqualTo(hash);
    }

    @Test
    void aStoredValueThatIsNoBcryptHashIsRefusedNotMatched() {
        assertThatThrownBy(() -> system.matches("correct horse battery", "not a hash"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
