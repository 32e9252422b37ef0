package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every default lives in application.yaml: without it nothing is assumed, and with it everything is set. */
class ParleyConfigTest {

    @Test
    void withoutApplicationYamlTheFirstMissingSettingIsNamed() {
        Config withoutDefaults = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(Map.of("parley.data-dir", "/tmp/parley-test")))
                .build();

        assertThatThrownBy(() -> ParleyConfig.from(withoutDefaults))
                .hasMessage("parley.auth.bcrypt-cost is not set: application.yaml, which holds every default, is missing it");
    }

    @Test
    void applicationYamlAloneSetsEverySetting() {
        Config defaults = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.classpath("application.yaml"))
                .build();

        ParleyConfig config = ParleyConfig.from(defaults);

        assertThat(config.auth().bcryptCost()).isEqualTo(12);
        assertThat(config.auth().hashingThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.limits().maxBodyBytesInFlight()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.events().heartbeat()).hasSeconds(15);
    }
}
