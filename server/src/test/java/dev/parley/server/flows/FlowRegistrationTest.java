package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every flow suite runs on both databases: a {@link FlowSuite} runs only as a {@link Nested} class
 * of {@link AbstractApiFlowTest}, so one that nobody registered there would silently never run.
 */
class FlowRegistrationTest {

    @Test
    void everyFlowSuiteIsNestedInTheApiFlowTest() {
        Set<String> suites = new ClassFileImporter()
                .importPackages(FlowSuite.class.getPackageName()).stream()
                        .filter(type -> type.isAssignableTo(FlowSuite.class) && !type.isEquivalentTo(FlowSuite.class))
                        .filter(type -> type.getEnclosingClass().isEmpty())
                        // A base of suites (shared requests and assertions) has no test of its own to lose.
                        .filter(type ->
                                type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(Test.class)))
                        .map(JavaClass::getName)
                        .collect(Collectors.toSet());
        Set<String> registered = Arrays.stream(AbstractApiFlowTest.class.getDeclaredClasses())
                .filter(nested -> nested.isAnnotationPresent(Nested.class))
                .map(nested -> nested.getSuperclass().getName())
                .collect(Collectors.toSet());

        assertThat(suites)
                .as("the flow suites in " + FlowSuite.class.getPackageName())
                .isNotEmpty();
        assertThat(registered).as("the suites nested in AbstractApiFlowTest").containsAll(suites);
    }
}
