package org.granary.patches;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A repeatable patch (a view, a function) runs after the versioned ones, and again whenever its text changes. */
class RepeatablePatchIT {
    private static final String VIEW_V1 = "CREATE OR REPLACE VIEW recent_granule AS SELECT id FROM granule;";
    private static final String VIEW_V2 = "CREATE OR REPLACE VIEW recent_granule AS SELECT id, orbit FROM granule;";

    @TempDir
    Path folder;
    private PatchesOnADatabase patches;

    @BeforeEach
    void freshDatabase() throws Exception {
        patches = new PatchesOnADatabase(folder, "repeatable_patch");
        patches.write("0001-table.sql", "CREATE TABLE granule (id bigint);");
        patches.write("0002-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit int;");
    }

    @AfterEach
    void close() {
        patches.close();
    }

    @Test
    void runsAfterTheVersionedPatchesAndAgainWhenItChangesKeepingEachVersion() throws Exception {
        patches.write("R-granule-views.sql", VIEW_V1);
        patches.index("R-granule-views.sql", "0001-table.sql");

        assertThat(patches.apply().applied()).as("after the versioned patches, whatever its place in the list")
                .containsExactly("0001-table.sql", "R-granule-views.sql");
        assertThat(patches.apply().applied()).as("unchanged: not run again").isEmpty();

        patches.write("R-granule-views.sql", VIEW_V2);
        patches.index("R-granule-views.sql", "0001-table.sql", "0002-orbit.sql");
        assertThat(patches.apply().applied()).containsExactly("0002-orbit.sql", "R-granule-views.sql");

        assertThat(patches.query("SELECT attname FROM pg_attribute WHERE attrelid = 'recent_granule'::regclass AND attnum > 0 ORDER BY attnum"))
                .containsExactly("id", "orbit");
        assertThat(patches.ledger()).filteredOn(entry -> entry.patchName().equals("R-granule-views.sql")).singleElement()
                .extracting(LedgerEntry::checksum).isEqualTo(new Patch("R-granule-views.sql", VIEW_V2).checksum());
        assertThat(patches.query("SELECT sql FROM granary_patches.repeatable_applied ORDER BY applied_at")).containsExactly(VIEW_V1, VIEW_V2);
    }

    @Test
    void anOlderBuildDoesNotPutBackTheVersionTheDatabaseReplaced() throws Exception {
        patches.write("R-granule-views.sql", VIEW_V1);
        patches.index("0001-table.sql", "0002-orbit.sql", "R-granule-views.sql");
        patches.apply();
        patches.write("R-granule-views.sql", VIEW_V2);
        patches.apply();

        patches.write("R-granule-views.sql", VIEW_V1); // the older build restarts during a rolling deploy

        assertThat(patches.apply().applied()).isEmpty();
        assertThat(patches.query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'recent_granule'::regclass AND attname = 'orbit'"))
                .containsExactly("1");
    }

    @Test
    void aFailingNewVersionLeavesThePreviousOneInPlace() throws Exception {
        patches.write("R-granule-views.sql", VIEW_V1);
        patches.index("0001-table.sql", "R-granule-views.sql");
        patches.apply();
        patches.write("R-granule-views.sql", "CREATE OR REPLACE VIEW recent_granule AS SELECT id, no_such_column FROM granule;");

        assertThatThrownBy(patches::apply).isInstanceOf(PatchException.class).hasMessageContaining("no_such_column");

        assertThat(patches.ledger()).filteredOn(entry -> entry.patchName().equals("R-granule-views.sql")).singleElement()
                .extracting(LedgerEntry::checksum).isEqualTo(new Patch("R-granule-views.sql", VIEW_V1).checksum());
        assertThat(patches.query("SELECT count(*) FROM granary_patches.repeatable_applied")).containsExactly("1");
    }

    @Test
    void aRepeatablePatchCannotBeNonTransactional() {
        assertThatThrownBy(() -> new Patch("R-granule-views.sql", Patch.NON_TRANSACTIONAL_MARKER + "\n" + VIEW_V1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs again whenever it changes, in one transaction");
        assertThat(new Patch("R-granule-views.sql", VIEW_V1).repeatable()).isTrue();
        assertThat(new Patch("0001-table.sql", VIEW_V1).repeatable()).isFalse();
    }
}
