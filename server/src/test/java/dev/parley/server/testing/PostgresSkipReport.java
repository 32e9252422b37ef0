package dev.parley.server.testing;

import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says in one line how many tests a run left out for want of PostgreSQL, and how to run them: JUnit
 * (and Maven's summary) counts a skipped class as one skip, however many tests it holds, so a plain
 * run without PostgreSQL would otherwise report a handful of skips for hundreds of tests not run.
 * Registered in {@code META-INF/services}, so every test run of this module and of those using its
 * test jar has it.
 */
public final class PostgresSkipReport implements TestExecutionListener {

    private TestPlan plan;
    private long notRun;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        notRun = 0;
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        if (reason != null && reason.contains(PostgresDatabases.SKIPPED)) {
            notRun += testMethods(identifier);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (notRun > 0) {
            System.out.println("[PostgreSQL] " + notRun + " tests did not run (JUnit counts each skipped class as one"
                    + " skip): set " + PostgresDatabases.ADMIN_URL_VARIABLE
                    + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres (any database you may create"
                    + " databases from) and run ./mvnw verify to run them");
        }
    }

    /** The test methods in {@code identifier}: itself if it is one, else those it contains, nested ones included. */
    private long testMethods(TestIdentifier identifier) {
        if (isTestMethod(identifier)) {
            return 1;
        }
        return plan.getDescendants(identifier).stream()
                .filter(PostgresSkipReport::isTestMethod)
                .count();
    }

    /** A test method, or a parameterized one (counted once: its cases are known only when it runs). */
    private static boolean isTestMethod(TestIdentifier identifier) {
        return identifier.getSource().filter(MethodSource.class::isInstance).isPresent();
    }
}
