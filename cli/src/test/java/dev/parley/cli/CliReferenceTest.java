package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md is what the command tree says: a new option or a changed description fails here until
 * the page is regenerated with {@code -Dparley.docs.regenerate=true} (or {@link CliReference#main}).
 */
class CliReferenceTest {

    private static final String REGENERATE = "parley.docs.regenerate";

    @Test
    void theCommittedReferenceIsTheCommandTreesHelp() throws IOException {
        Path page = CliReference.repositoryRoot().resolve(CliReference.PAGE);
        String generated = CliReference.markdown();
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(page, generated);
        }

        assertThat(Files.exists(page)).as(page + " exists").isTrue();
        assertThat(Files.readString(page))
                .as(page + " is out of date with the commands; regenerate it with -D" + REGENERATE + "=true")
                .isEqualTo(generated);
    }

    @Test
    void everyCommandHasItsSection() {
        String page = CliReference.markdown();

        for (String command : new String[] {
            "parley",
            "parley send",
            "parley sessions create",
            "parley outbox flush",
            "parley server",
            "parley server backup",
            "parley server copy-data"
        }) {
            assertThat(page).contains("\n## " + command + "\n\n```text\nUsage: " + command + " ");
        }
        assertThat(page).contains("Exit codes:", "Environment:", "--server=URL");
    }
}
