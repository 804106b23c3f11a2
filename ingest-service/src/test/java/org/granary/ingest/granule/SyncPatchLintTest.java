package org.granary.ingest.granule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.granary.patches.Patch;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.FixedTableStatistics;
import org.granary.patches.lint.PatchLinter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Patch 0012 may run on a catalogue of 160 million granules while pushes go on: lint finds nothing. */
class SyncPatchLintTest {
    private static final String PATCH = "0012-sync-with-the-legacy-catalogue.sql";

    private static final FixedTableStatistics LARGE = FixedTableStatistics.empty()
            .withTable("granule", 160_000_000, 80L * 1024 * 1024 * 1024)
            .withTable("outbox_event", 5_000_000, 4L * 1024 * 1024 * 1024)
            .withColumn("granule", "sha256", "text");

    @Test
    void patchTwelveIsSafeOnALargeCatalogue() throws Exception {
        String sql = Files.readString(Path.of("src/main/resources/db/patches/ingest-service", PATCH));

        List<Finding> findings = new PatchLinter().lint(new Patch(PATCH, sql), LARGE);

        assertThat(findings).isEmpty();
        // The same checks added valid, or the index built in the open, would lock the granules for a scan: lint sees it.
        assertThat(new PatchLinter().lint(new Patch(PATCH, sql.replace(" NOT VALID", "").replace("CONCURRENTLY ", "")), LARGE))
                .isNotEmpty();
    }
}
