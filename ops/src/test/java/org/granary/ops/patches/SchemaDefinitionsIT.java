package org.granary.ops.patches;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.granary.ops.legacy.LegacyDatabase;
import org.granary.patches.cli.PatchesCommand;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component's committed {@code schema_definition.sql} is what its patches make: the build
 * fails when a patch was added without regenerating it. Regenerate them all with
 * {@code mvn -pl ops verify -Dgranary.regenerate=true -Dit.test=SchemaDefinitionsIT}.
 */
class SchemaDefinitionsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A component and its patch folder; no database, as each check builds a scratch one. */
    record Component(String name, Path folder) {
    }

    static Stream<Component> components() throws Exception {
        List<Component> components = new ArrayList<>();
        components.add(new Component("auth", PatchTarget.folder(ROOT, "platform", "auth")));
        // kept with metadata-sync but applied to the legacy database, so not where the loop below looks
        components.add(new Component(LegacyDatabase.COMPONENT, LegacyDatabase.patchFolder(ROOT)));
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.sorted().toList()) {
                String name = module.getFileName().toString();
                Path folder = PatchTarget.folder(ROOT, name, name);
                if (Files.isRegularFile(folder.resolve("patches_applied.txt"))) {
                    components.add(new Component(name, folder));
                }
            }
        }
        return components.stream();
    }

    @ParameterizedTest
    @MethodSource("components")
    void theCommittedSchemaDefinitionIsWhatThePatchesMake(Component component) {
        boolean regenerate = Boolean.getBoolean("granary.regenerate");
        List<String> arguments = new ArrayList<>(List.of("rebuild-definition", "--component", component.name(),
                "--patches", component.folder().toString(), "--db", TemporaryPostgres.freshDatabase("definitions")));
        if (!regenerate) {
            arguments.add("--check");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int code = PatchesCommand.run(arguments, out, out);

            assertThat(code).as(component.name() + ": " + output.toString(StandardCharsets.UTF_8)
                    + "\nregenerate with: mvn -pl ops verify -Dgranary.regenerate=true -Dit.test=SchemaDefinitionsIT").isZero();
        }
        assertThat(component.folder().resolve("schema_definition.sql")).isRegularFile();
    }
}
