package dev.parley.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Creates commands and mixins for picocli, handing the {@link Environment} to those whose
 * constructor takes one; everything else is made by picocli's own factory.
 */
final class CommandFactory implements IFactory {

    private final Environment environment;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Environment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> constructor;
        try {
            constructor = type.getDeclaredConstructor(Environment.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        constructor.setAccessible(true);
        return constructor.newInstance(environment);
    }
}
