package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagesTest {
    @TempDir
    Path folder;

    @Test
    void readsTheOrderAndEachStagesDatabasePerComponent() throws Exception {
        Stages stages = Stages.load(write("""
                # promotion of every service's patches
                order = development, testing ,operations
                testing.granules.db=jdbc:postgresql://test-db/granules
                operations.granules.db=jdbc:postgresql://ops-db/granules?user=dba
                """));

        assertThat(stages.order()).containsExactly("development", "testing", "operations");
        assertThat(stages.previous("development")).isEmpty();
        assertThat(stages.previous("operations")).contains("testing");
        assertThat(stages.database("testing", "granules")).contains("jdbc:postgresql://test-db/granules");
        assertThat(stages.database("development", "granules")).isEmpty();
    }

    @Test
    void refusesAFileWithoutOrderAStageNamedTwiceAndAStageNotInTheOrder() throws Exception {
        assertThatThrownBy(() -> Stages.load(write("testing.granules.db=jdbc:postgresql:x"))).hasMessageContaining("has no order=");
        assertThatThrownBy(() -> Stages.load(write("order=testing,testing"))).hasMessageContaining("names a stage twice");
        assertThatThrownBy(() -> Stages.load(write("order=testing")).previous("production"))
                .hasMessage("no stage production in the stages file's order testing");
        assertThatThrownBy(() -> Stages.load(folder.resolve("absent.properties"))).hasMessageContaining("cannot read the stages file");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(folder.resolve("stages.properties"), text);
    }
}
