package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildDefinitionIT {
    @TempDir
    Path folder;
    private PatchFiles patches;
    private String server;

    @BeforeEach
    void twoPatches() {
        server = TestDatabase.fresh("cli_definition").jdbcUrl();
        patches = new PatchFiles(folder)
                .add("0001-create-granule.sql", """
                        CREATE TABLE granule (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
                        CREATE VIEW named_granule AS SELECT id, name FROM granule WHERE name <> '';
                        """)
                .add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;\nCREATE INDEX granule_orbit ON granule (orbit);");
    }

    @Test
    void writesTheSameDefinitionByteForByteEveryTime() throws Exception {
        Cli first = rebuild();
        String written = patches.read("schema_definition.sql");
        Cli second = rebuild();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("wrote " + folder.resolve("schema_definition.sql"), "what the 2 listed patches make");
        assertThat(written).startsWith("-- Schema definition, generated").contains("CREATE TABLE public.granule (", "orbit integer",
                "CREATE INDEX granule_orbit ON public.granule USING btree (orbit);", "named_granule");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("unchanged: ");
        assertThat(patches.read("schema_definition.sql")).isEqualTo(written);
        try (var files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("0001-create-granule.sql", "0002-add-orbit.sql", "patches_applied.txt", "schema_definition.sql");
        }
        assertThat(TestDatabase.fresh("cli_definition_leftovers").query("SELECT datname FROM pg_database WHERE datname LIKE 'granary_scratch%'"))
                .as("scratch databases dropped").isEmpty();
    }

    @Test
    void checkExits3WhenTheCommittedDefinitionIsStaleOrMissing() {
        Cli missing = rebuild("--check");
        rebuild();
        Cli upToDate = rebuild("--check");
        patches.add("0003-add-state.sql", "ALTER TABLE granule ADD COLUMN state text;");
        String before = patches.read("schema_definition.sql");

        Cli stale = rebuild("--check");

        assertThat(missing.exitCode()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(missing.out()).contains("does not exist");
        assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
        assertThat(upToDate.out()).startsWith("up to date: ");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(stale.out()).startsWith("STALE: ").contains("first difference at line", "run rebuild-definition");
        assertThat(patches.read("schema_definition.sql")).as("--check writes nothing").isEqualTo(before);
        assertThat(rebuild().exitCode()).isZero();
        assertThat(rebuild("--check").exitCode()).isZero();
    }

    private Cli rebuild(String... options) {
        return Cli.run(Cli.args("rebuild-definition", patches, server, options));
    }
}
