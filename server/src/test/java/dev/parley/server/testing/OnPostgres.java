package dev.parley.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs a test class only when {@value PostgresDatabases#ADMIN_URL_VARIABLE} says where PostgreSQL is;
 * without it the class is skipped with {@link PostgresDatabases#SKIPPED} as the reason, so the plain
 * test command passes on a machine without PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(
        named = PostgresDatabases.ADMIN_URL_VARIABLE,
        matches = ".*\\S.*",
        disabledReason = PostgresDatabases.SKIPPED)
public @interface OnPostgres {}
