package dev.parley.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a stream ticket stores: nothing that is the ticket, or opens the token, without the ticket. */
class TicketSecretTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";

    @Test
    void theTicketsTextParsesBackToTheSameIdAndOpensWhatItSealed() {
        TicketSecret issued = TicketSecret.generate();
        String sealed = issued.seal(TOKEN);

        TicketSecret presented = TicketSecret.parse(issued.text()).orElseThrow();

        assertThat(issued.text()).matches("[A-Za-z0-9_-]{43}");
        assertThat(presented.id()).isEqualTo(issued.id());
        assertThat(presented.open(sealed)).hasValue(TOKEN);
    }

    @Test
    void whatIsStoredRevealsNeitherTheTicketNorTheToken() {
        TicketSecret secret = TicketSecret.generate();
        String sealed = secret.seal(TOKEN);

        assertThat(secret.id()).matches("[0-9a-f]{64}").doesNotContain(secret.text());
        assertThat(sealed).doesNotContain(TOKEN).doesNotContain(secret.text()).isNotEqualTo(secret.seal(TOKEN));
        assertThat(secret.toString()).doesNotContain(secret.text());
    }

    @Test
    void anotherTicketOpensNothingAndATamperedSealIsRefused() {
        TicketSecret secret = TicketSecret.generate();
        String sealed = secret.seal(TOKEN);
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertThat(TicketSecret.generate().open(sealed)).isEmpty();
        assertThat(secret.open(tampered)).isEmpty();
        assertThat(secret.open("not base64 !")).isEmpty();
    }

    @Test
    void textThatIsNotATicketParsesToNothing() {
        assertThat(TicketSecret.parse("")).isEmpty();
        assertThat(TicketSecret.parse("too-short")).isEmpty();
        assertThat(TicketSecret.parse("A".repeat(44))).isEmpty();
        assertThat(TicketSecret.parse("+".repeat(43))).isEmpty();
    }
}
