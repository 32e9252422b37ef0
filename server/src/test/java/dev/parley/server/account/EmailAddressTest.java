package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.Problem.FieldError;
import dev.parley.server.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void keepsTheAddressAsEnteredButTrimmed() {
        EmailAddress email = EmailAddress.parse("  Ada.Lovelace@Example.COM \t");

        assertThat(email.value()).isEqualTo("Ada.Lovelace@Example.COM");
    }

    @Test
    void isKeyedInLowerCase() {
        assertThat(EmailAddress.parse("Ada@Example.COM").key()).isEqualTo("ada@example.com");
        assertThat(EmailAddress.keyOf(" ADA@example.com ")).isEqualTo("ada@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b", "first.last+tag@sub.example.co.uk", "o'brien@example.com", "x_y-z@a-b.example"})
    void acceptsWhatBrowsersAccept(String raw) {
        assertThat(EmailAddress.parse(raw).value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "plain",
                "a@",
                "@example.com",
                "a@@example.com",
                "a b@example.com",
                "a@-example.com",
                "a@example..com",
                "ünï@example.com",
                "a@exa_mple.com"
            })
    void refusesWhatIsNoEmailAddress(String raw) {
        assertRefused(raw);
    }

    @Test
    void refusesAddressesLongerThan254Characters() {
        String domain = "@example.com";
        String longest = "a".repeat(254 - domain.length()) + domain;

        assertThat(EmailAddress.parse(longest).value()).isEqualTo(longest);
        assertRefused("a" + longest);
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw))
                .isInstanceOfSatisfying(
                        ApiException.Invalid.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactly("email"));
    }
}
