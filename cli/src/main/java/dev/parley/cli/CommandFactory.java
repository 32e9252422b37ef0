package dev.parley.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Creates commands for picocli, handing the {@link Environment}, and the {@link GlobalOptions} of
 * this command line, to those whose constructor takes them; everything else is made by picocli's
 * own factory.
 */
final class CommandFactory implements IFactory {

    private final Environment environment;
    private final GlobalOptions global;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withOptions = constructor(type, Environment.class, GlobalOptions.class);
        if (withOptions != null) {
            return withOptions.newInstance(environment, global);
        }
        Constructor<K> withEnvironment = constructor(type, Environment.class);
        if (withEnvironment != null) {
            return withEnvironment.newInstance(environment);
        }
        return fallback.create(type);
    }

    private static <K> Constructor<K> constructor(Class<K> type, Class<?>... parameters) {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
