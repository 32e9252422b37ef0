package dev.parley.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The package structure STYLE.md describes, checked on the compiled main classes of server and shared. */
class ArchitectureTest {

    private static final String[] FEATURES = {"account", "session", "message", "search", "docs", "events"};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley");

    @Test
    void routesDoNotTouchJooq() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Routes")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jooq..", "dev.parley.schema..")
                .check(CLASSES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "session", "message", "search", "docs", "events"})
    void aFeatureDoesNotDependOnAnotherFeature(String feature) {
        String[] others = Arrays.stream(FEATURES)
                .filter(other -> !other.equals(feature))
                .map(other -> "dev.parley.server." + other + "..")
                .toArray(String[]::new);

        noClasses()
                .that()
                .resideInAPackage("dev.parley.server." + feature + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .check(CLASSES);
    }

    @Test
    void onlyTheRoutesClassOfAFeatureIsVisibleOutsideIt() {
        classes()
                .that()
                .resideInAnyPackage(featurePackages())
                .and()
                .areTopLevelClasses()
                .and()
                .arePublic()
                .should()
                .haveSimpleNameEndingWith("Routes")
                .check(CLASSES);
    }

    @Test
    void httpDbAndChangesDoNotDependOnFeatures() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.parley.server.http..", "dev.parley.server.db..", "dev.parley.server.changes..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(featurePackages())
                .check(CLASSES);
    }

    @Test
    void theSharedApiDependsOnNothingOfTheServer() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.parley.server..")
                .check(CLASSES);
    }

    private static String[] featurePackages() {
        return Arrays.stream(FEATURES)
                .map(feature -> "dev.parley.server." + feature + "..")
                .toArray(String[]::new);
    }
}
