package dev.parley.server;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where {@code parley server} and its subcommands read their settings from, strongest first: their
 * options, environment variables, the {@code --config} file and the built-in application.yaml.
 */
final class Settings {

    private Settings() {}

    /** The settings with {@code options} (config keys to values) on top; {@code configFile} may be null. */
    static Config load(Map<String, String> options, Path configFile) {
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(options));
        sources.add(ConfigSources.environmentVariables());
        if (configFile != null) {
            sources.add(ConfigSources.file(configFile));
        }
        sources.add(ConfigSources.classpath("application.yaml"));
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(sources)
                .build();
    }
}
