package org.granary.patches;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatchRunTest {
    private static final SchemaPatcher.Options OPTIONS = SchemaPatcher.Options.defaults();

    @Test
    void aTransactionalPatchSetsItsTimeoutsAndNameForTheTransactionOnly() {
        PatchRun run = PatchRun.of(new Patch("0001-create.sql", "CREATE TABLE a (x int);\nCREATE TABLE b (y int);"), OPTIONS);

        assertThat(run.transactional()).isTrue();
        assertThat(run.setup()).containsExactly("SET LOCAL lock_timeout = '10s'", "SET LOCAL statement_timeout = '30min'",
                "SELECT set_config('granary.patch', '0001-create.sql', true)");
        assertThat(run.statements()).containsExactly("CREATE TABLE a (x int)", "CREATE TABLE b (y int)");
        assertThat(run.cleanup()).isEmpty();
    }

    @Test
    void aNonTransactionalPatchSetsThemOnTheSessionAndResetsThemAfter() {
        Patch patch = new Patch("0002-index.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY i ON a (x);");
        var options = new SchemaPatcher.Options(Duration.ofMillis(1500), Duration.ofHours(2), "dba", "host");

        PatchRun run = PatchRun.of(patch, options);

        assertThat(run.transactional()).isFalse();
        assertThat(run.setup()).containsExactly("SET lock_timeout = '1500ms'", "SET statement_timeout = '2h'",
                "SELECT set_config('granary.patch', '0002-index.sql', false)");
        assertThat(run.cleanup()).containsExactly("RESET lock_timeout", "RESET statement_timeout", "RESET granary.patch");
    }

    @Test
    void theMarkerCountsOnlyAsALineOfItsOwn() {
        assertThat(new Patch("0001-a.sql", "  " + Patch.NON_TRANSACTIONAL_MARKER + "  \nSELECT 1;").transactional()).isFalse();
        assertThat(new Patch("0001-a.sql", "-- put \"" + Patch.NON_TRANSACTIONAL_MARKER + "\" first to run outside a transaction\nSELECT 1;")
                .transactional()).isTrue();
        assertThat(PatchRun.postgresDuration(Duration.ZERO)).isEqualTo("0ms");
    }
}
