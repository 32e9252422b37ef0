package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * What is kept for a connection may itself keep something for that connection while it is made (a
 * post's statements keep the connection's pipeline): every pair of keys works, in either order. A map's
 * {@code computeIfAbsent} called from inside another on the same map fails for keys that share a bin,
 * and with this many pairs some always do.
 */
class KeptStatementPerConnectionTest {

    private static final List<Class<?>> KEYS = List.of(
            String.class,
            Integer.class,
            Long.class,
            Short.class,
            Byte.class,
            Double.class,
            Float.class,
            Character.class,
            Boolean.class,
            Object.class,
            Thread.class,
            Runnable.class,
            List.class,
            StringBuilder.class,
            Number.class,
            Math.class,
            System.class,
            Runtime.class,
            Process.class,
            Enum.class);

    @Test
    void whatIsMadeForAConnectionMayKeepMoreForItWhileItIsMade() {
        for (Class<?> outer : KEYS) {
            for (Class<?> inner : KEYS) {
                if (outer == inner) {
                    continue;
                }
                DSLContext tx = DSL.using(SQLDialect.SQLITE);
                Object innerKept = new Object();

                Object outerKept = KeptStatement.perConnection(tx, outer, () -> {
                    KeptStatement.perConnection(tx, inner, () -> innerKept);
                    return new Object();
                });

                assertThat(tx.data(outer)).isSameAs(outerKept);
                assertThat(tx.data(inner)).isSameAs(innerKept);
                assertThat(KeptStatement.perConnection(tx, outer, Object::new)).isSameAs(outerKept);
            }
        }
    }
}
