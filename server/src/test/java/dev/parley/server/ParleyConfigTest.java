package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every default lives in application.yaml: without it nothing is assumed, with it everything is
 * set, and the settings table of docs/operations.md says what it holds.
 */
class ParleyConfigTest {

    private static final String TABLE_HEADER = "| setting | default | meaning |";
    /** A row of the settings table: | `key` | default | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);
    /** Settings an operator may set that have no default, so application.yaml only mentions them. */
    private static final Set<String> WITHOUT_DEFAULT = Set.of(
            "parley.cors.allowed-origins",
            "parley.data-dir",
            "parley.database.url",
            "parley.database.user",
            "parley.database.password",
            "parley.database.password-file",
            "parley.auth.jwt-secret",
            "parley.auth.login-throttle.trusted-proxies");

    @Test
    void withoutApplicationYamlTheFirstMissingSettingIsNamed() {
        Config withoutDefaults = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(Map.of("parley.data-dir", "/tmp/parley-test")))
                .build();

        assertThatThrownBy(() -> ParleyConfig.from(withoutDefaults))
                .hasMessage(
                        "parley.auth.bcrypt-cost is not set: application.yaml, which holds every default, is missing it");
    }

    @Test
    void applicationYamlAloneSetsEverySetting() {
        ParleyConfig config = ParleyConfig.from(defaultsConfig());

        assertThat(config.auth().bcryptCost()).isEqualTo(12);
        assertThat(config.auth().hashingThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.limits().maxBodyBytesInFlight()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.events().heartbeat()).hasSeconds(15);
    }

    @Test
    void theSettingsTableOfTheOperationsGuideListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaultsConfig()
                .traverse()
                .filter(node -> node.type() == Config.Type.VALUE)
                .forEach(node ->
                        defaults.put(node.key().toString(), node.asString().get()));
        Map<String, String> table = new LinkedHashMap<>();
        String guide = Files.readString(operationsGuide());
        int start = guide.indexOf(TABLE_HEADER);
        assertThat(start)
                .as("the settings table's header in docs/operations.md")
                .isNotNegative();
        int end = guide.indexOf("\n\n", start);
        Matcher row = ROW.matcher(guide.substring(start, end < 0 ? guide.length() : end));
        while (row.find()) {
            table.put(row.group(1), row.group(2).strip());
        }

        assertThat(table.keySet())
                .as("settings in the table of docs/operations.md")
                .containsAll(defaults.keySet())
                .allMatch(
                        key -> defaults.containsKey(key) || WITHOUT_DEFAULT.contains(key),
                        "set in application.yaml or" + " known to have no default");
        defaults.forEach((key, value) ->
                assertThat(table.get(key)).as("the default of " + key).isEqualTo("`" + value + "`"));
        assertThat(WITHOUT_DEFAULT.stream().map(table::get).collect(Collectors.toSet()))
                .as("the defaults of settings without one")
                .noneMatch(cell -> cell.matches("`[^`]*`"));
    }

    private static Config defaultsConfig() {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** docs/operations.md, from the server module's directory (where the tests run) or the repository's. */
    private static Path operationsGuide() {
        Path fromModule = Path.of("..", "docs", "operations.md");
        return Files.exists(fromModule) ? fromModule : Path.of("docs", "operations.md");
    }
}
