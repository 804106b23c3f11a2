package org.granary.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * jOOQ classes generated from the real schema: a component's patches applied to a fresh
 * PostgreSQL database, read by jOOQ's PostgreSQL meta model. The classes are committed; each
 * module's test compares them with a fresh generation and fails when they are stale. Run that
 * test with {@code -Dgranary.regenerate=true} to write the fresh classes instead.
 */
public record GeneratedSchemaCode(String component, Path patchesFolder, List<String> schemas, String packageName, Path sourceRoot) {
    public GeneratedSchemaCode {
        requireNonNull(component, "component is null");
        requireNonNull(patchesFolder, "patchesFolder is null");
        schemas = List.copyOf(schemas);
        requireNonNull(packageName, "packageName is null");
        requireNonNull(sourceRoot, "sourceRoot is null");
    }

    /** Regenerates when asked to, otherwise asserts the committed classes equal a fresh generation. */
    public void assertCurrentOrRegenerate(Path scratch) {
        Path fresh = scratch.resolve("generated");
        generate(fresh);
        Path committedPackage = packageFolder(sourceRoot);
        if (Boolean.getBoolean("granary.regenerate")) {
            replace(committedPackage, packageFolder(fresh));
            return;
        }
        assertThat(read(committedPackage))
                .as("jOOQ classes of %s in %s are stale: rerun this test with -Dgranary.regenerate=true and commit the result",
                        component, committedPackage)
                .isEqualTo(read(packageFolder(fresh)));
    }

    private void generate(Path target) {
        String url = TemporaryPostgres.freshDatabase("codegen_" + component);
        try (var dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url);
            SchemaPatcher.apply(dataSource, PatchSet.fromDirectory(component, patchesFolder), SchemaPatcher.Options.defaults());
        }
        Configuration configuration = new Configuration()
                .withJdbc(new Jdbc().withUrl(url))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withSchemata(schemas.stream().map(name -> new SchemaMappingType().withInputSchema(name)).toList()))
                        .withGenerate(new Generate()
                                .withGeneratedAnnotation(false)
                                .withJavaTimeTypes(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withComments(true)
                                .withSources(false))
                        .withTarget(new Target().withPackageName(packageName).withDirectory(target.toString())));
        try {
            GenerationTool.generate(configuration);
        } catch (Exception e) {
            throw new IllegalStateException("jOOQ generation failed for " + component, e);
        }
    }

    private Path packageFolder(Path root) {
        return root.resolve(packageName.replace('.', '/'));
    }

    private static Map<String, String> read(Path folder) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(path).toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void replace(Path committed, Path fresh) {
        try {
            if (Files.exists(committed)) {
                try (Stream<Path> paths = Files.walk(committed)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            for (var entry : read(fresh).entrySet()) {
                Path target = committed.resolve(entry.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the regenerated classes into " + committed, e);
        }
    }
}
