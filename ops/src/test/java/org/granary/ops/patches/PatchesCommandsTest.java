package org.granary.ops.patches;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/granary patches} hands each command to the schema-patches tool in-process, with the
 * target's component, folder and database; the databases here do not answer, which is enough to
 * see what reached the tool.
 */
class PatchesCommandsTest {
    @TempDir
    Path folder;

    private List<PatchTarget> targets;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void twoTargetsWhoseDatabasesDoNotAnswer() throws IOException {
        Path patches = Files.createDirectories(folder.resolve("granules"));
        Files.writeString(patches.resolve("patches_applied.txt"), "");
        targets = List.of(new PatchTarget("granules-1", "granules", patches, "jdbc:postgresql://127.0.0.1:1/granules_1?connectTimeout=2"),
                new PatchTarget("granules-2", "granules", patches, "jdbc:postgresql://127.0.0.1:1/granules_2?connectTimeout=2"));
    }

    @Test
    void aNamedTargetGetsItsComponentFolderAndDatabase() {
        Run status = run("status", "granules-2");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/granules_2").doesNotContain("granules_1");
        assertThat(status.out()).doesNotContain("==");
    }

    @Test
    void withoutATargetAReadingCommandRunsOnEveryTarget() {
        Run status = run("verify");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("== granules-1 (granules)", "== granules-2 (granules)");
        assertThat(status.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/granules_1",
                "cannot connect to jdbc:postgresql://127.0.0.1:1/granules_2");
    }

    @Test
    void optionsGoToTheToolAndDbReplacesTheTargetsDatabase() {
        Run other = run("lint", "granules-1", "--db=jdbc:postgresql://127.0.0.1:2/elsewhere", "--all");

        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:2/elsewhere").doesNotContain("given twice");
    }

    @Test
    void anOptionTheToolDoesNotKnowStopsAtTheFirstTargetWith64() {
        Run refused = run("apply", "--allow-drfit");

        assertThat(refused.exitCode()).isEqualTo(64);
        assertThat(refused.err()).startsWith("Unknown option: '--allow-drfit'");
        assertThat(refused.out()).contains("== granules-1").doesNotContain("== granules-2");
    }

    @Test
    void newNeedsATargetAndGoesWithoutADatabase() throws IOException {
        Run created = run("new", "granules-1", "add-orbit");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(Files.readString(folder.resolve("granules/patches_applied.txt"))).isEqualTo("0001-add-orbit.sql\n");
        assertThat(run("new").exitCode()).isEqualTo(64);
    }

    private Run run(String... arguments) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exitCode;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8); var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = PatchesCommands.commandLine(targets, outStream, errStream).execute(arguments);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
