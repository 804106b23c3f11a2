package org.granary.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries every module keeps, checked on the compiled main classes of the whole repository
 * ({@code <module>/target/classes}): services meet through their clients only, jOOQ records stay in
 * repositories, clients carry no server code.
 */
class BoundariesTest {
    /** A service's root package and the package of its client module, the only part others may use. */
    record Service(String rootPackage, String clientPackage) {
        @Override
        public String toString() {
            return rootPackage;
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("org.granary.archive", "org.granary.archive.client"),
            new Service("org.granary.ingest", "org.granary.ingest.client"),
            new Service("org.granary.planner", "org.granary.planner.client"),
            new Service("org.granary.metadatasync", "org.granary.metadatasync.client"),
            new Service("org.granary.dbmonitor", "org.granary.dbmonitor.client"));

    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        List<Path> folders = RepositoryFiles.modules(REPOSITORY).map(module -> module.resolve("target/classes")).filter(Files::isDirectory)
                .toList();
        assertThat(folders).as("compiled modules under %s", REPOSITORY).hasSizeGreaterThan(8);
        mainClasses = new ClassFileImporter().importPaths(folders);
    }

    static Stream<Service> services() {
        return SERVICES.stream();
    }

    @ParameterizedTest
    @MethodSource("services")
    void nobodyUsesAServicesInternalsOnlyItsClient(Service service) {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(service.rootPackage() + "..")
                .should().dependOnClassesThat(resideInAPackage(service.rootPackage() + "..")
                        .and(not(resideInAPackage(service.clientPackage() + ".."))))
                .as("nothing outside " + service.rootPackage() + " uses it but through " + service.clientPackage())
                .allowEmptyShould(true);
        rule.check(mainClasses);
    }

    @ParameterizedTest
    @MethodSource("services")
    void aClientCarriesNoServerCode(Service service) {
        ArchRule rule = noClasses().that().resideInAPackage(service.clientPackage() + "..")
                .should().dependOnClassesThat(resideInAPackage(service.rootPackage() + "..")
                        .and(not(resideInAPackage(service.clientPackage() + ".."))))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.granary.platform..", "org.springframework..", "jakarta.servlet..",
                        "org.jooq..")
                .as(service.clientPackage() + " is a client: no server classes, no Spring, no database")
                .allowEmptyShould(true);
        rule.check(mainClasses);
    }

    @Test
    void jooqRecordsDoNotLeaveRepositories() {
        noClasses().that().resideOutsideOfPackage("..schema..")
                .and().areNotAnnotatedWith("org.springframework.stereotype.Repository")
                .and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat().resideInAPackage("..schema.tables.records..")
                .as("only repositories (@Repository, or named *Repository) touch jOOQ records; others get records of our own")
                .allowEmptyShould(true)
                .check(mainClasses);
    }

    @Test
    void generatedCodeLivesInItsOwnSourceFolderAndHandWrittenCodeOutsideIt() {
        RepositoryFiles.javaSources(REPOSITORY).forEach(source -> {
            boolean generated = RepositoryFiles.isGeneratedByJooq(source);
            boolean inGeneratedFolder = source.toString().contains("/src/generated/java/");
            assertThat(generated).as("%s: generated code belongs in src/generated/java, hand-written code outside it", source)
                    .isEqualTo(inGeneratedFolder);
        });
    }

    /** Reads the repository's modules and sources. */
    static final class RepositoryFiles {
        private RepositoryFiles() {
        }

        static Stream<Path> modules(Path repository) {
            try (Stream<Path> children = Files.list(repository)) {
                return children.filter(child -> Files.isRegularFile(child.resolve("pom.xml"))).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Stream<Path> javaSources(Path repository) {
            return modules(repository).flatMap(module -> Stream.of("src/main/java", "src/generated/java").map(module::resolve))
                    .filter(Files::isDirectory)
                    .flatMap(RepositoryFiles::walk)
                    .filter(file -> file.toString().endsWith(".java"));
        }

        static boolean isGeneratedByJooq(Path source) {
            try {
                return Files.readString(source).contains("This file is generated by jOOQ.");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Stream<Path> walk(Path folder) {
            try (Stream<Path> files = Files.walk(folder)) {
                return files.toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
