package io.blastwall.core.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the domain core free of web, database, serialisation and CLI frameworks: adapters live in other modules.
 * CEL (the policy language) and the JDK are the core's only dependencies.
 */
class CoreIndependenceTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.blastwall.core");

    @Test
    void coreImportsNoFrameworks() {
        noClasses().that().resideInAPackage("io.blastwall.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "picocli..", "com.fasterxml.jackson..", "org.yaml..", "org.snakeyaml..",
                        "java.sql..", "javax.sql..", "org.flywaydb..", "org.h2..", "org.postgresql..", "org.sqlite..",
                        "io.javalin..", "jakarta.servlet..", "javax.servlet..", "org.eclipse.jetty..", "io.netty..",
                        "org.springframework..", "java.net.http..", "com.sun.net.httpserver..",
                        "io.fabric8..", "io.modelcontextprotocol..", "org.slf4j..")
                .because("the domain core must not depend on web, database, serialisation or CLI frameworks (ARCHITECTURE.md)")
                .check(CORE);
    }

    @Test
    void coreDoesNotDependOnAdapterModules() {
        noClasses().that().resideInAPackage("io.blastwall.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.blastwall.formats..", "io.blastwall.cli..",
                        "io.blastwall.store..", "io.blastwall.server..", "io.blastwall.sim..")
                .check(CORE);
    }

    @Test
    void domainNeverReadsTheWallClockDirectly() {
        noClasses().that().resideInAPackage("io.blastwall.core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("time is a port: a Clock is injected so that policies and rollouts are testable")
                .check(CORE);
    }
}
