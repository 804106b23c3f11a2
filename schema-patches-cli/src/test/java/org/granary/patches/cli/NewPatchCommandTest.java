package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NewPatchCommandTest {
    @TempDir
    Path folder;

    @Test
    void createsTheFirstPatchOfANewComponentAndItsIndex() throws Exception {
        Path patches = folder.resolve("db/patches/granules");

        Cli cli = Cli.run(Cli.args("new", new PatchFiles(patches), null, "create-granule"));

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("created " + patches.resolve("0001-create-granule.sql"));
        assertThat(Files.readString(patches.resolve(PatchSet.INDEX_FILE))).isEqualTo("0001-create-granule.sql\n");
    }

    @Test
    void numbersAfterTheHighestListedOrPresentPatchAndAppendsToTheIndex() throws Exception {
        PatchFiles patches = new PatchFiles(folder).add("0001-a.sql", "SELECT 1;").add("0002-b.sql", "SELECT 2;")
                .write("0005-draft.sql", "SELECT 5;");
        Files.writeString(folder.resolve(PatchSet.INDEX_FILE), "0001-a.sql\n0002-b.sql"); // no final newline

        Cli cli = Cli.run(Cli.args("new", patches, null, "add-orbit.sql"));

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(Files.readString(folder.resolve(PatchSet.INDEX_FILE))).isEqualTo("0001-a.sql\n0002-b.sql\n0006-add-orbit.sql\n");
        String template = patches.read("0006-add-orbit.sql");
        assertThat(template).startsWith("-- 0006-add-orbit.sql: a schema patch of granules.")
                .contains("One change per patch", "-- patch: non-transactional", "CREATE INDEX CONCURRENTLY",
                        "CHECK (c IS NOT NULL) NOT VALID", "VALIDATE CONSTRAINT", "SET NOT NULL");
        Patch patch = new Patch("0006-add-orbit.sql", template);
        assertThat(patch.transactional()).as("the template only mentions the marker").isTrue();
        assertThat(template).contains("-- patch: breaks-older-builds", "rolling");
        assertThat(patch.breaksOlderBuilds()).as("the template only mentions the marker").isFalse();
        assertThat(patch.statements()).isEmpty();
    }

    @Test
    void refusesABadNameAndANameWithItsNumber() {
        PatchFiles patches = new PatchFiles(folder);

        Cli spaces = Cli.run(Cli.args("new", patches, null, "Add Orbit"));
        Cli numbered = Cli.run(Cli.args("new", patches, null, "0007-add-orbit"));
        Cli none = Cli.run(Cli.args("new", patches, null));

        assertThat(spaces.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(spaces.err()).contains("lowercase words joined by hyphens");
        assertThat(numbered.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(numbered.err()).contains("without its number");
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(folder).isEmptyDirectory();
    }
}
