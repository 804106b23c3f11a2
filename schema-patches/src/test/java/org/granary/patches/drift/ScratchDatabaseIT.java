package org.granary.patches.drift;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.patches.PatchException;
import org.granary.patches.PatchSet;
import org.granary.patches.drift.CatalogObject.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScratchDatabaseIT {
    private TestDatabase target;

    @BeforeEach
    void target() throws Exception {
        target = TestDatabase.fresh("scratch_target");
        dropAllScratchDatabases();
    }

    @Test
    void theExpectedSchemaIsWhatThePatchesMakeAndTheScratchDatabaseIsGoneAfterwards() throws Exception {
        target.execute("CREATE TABLE made_by_hand (x int)");
        PatchSet patches = TestDatabase.patches("CREATE TABLE granule (id bigint PRIMARY KEY)", "ALTER TABLE granule ADD COLUMN name text");

        CatalogSnapshot expected = ScratchDatabase.expectedSchema(target.jdbcUrl(), patches);

        assertThat(expected.all(Table.class)).extracting(Table::name).containsExactly("public.granule");
        assertThat(scratchDatabases()).isEmpty();
        assertThat(target.query("SELECT to_regclass('granary_patches.ledger')::text")).as("nothing applied to the target")
                .containsOnlyNulls();
    }

    @Test
    void theScratchDatabaseIsGoneAfterAPatchFails() throws Exception {
        PatchSet patches = TestDatabase.patches("CREATE TABLE granule (id bigint PRIMARY KEY)", "ALTER TABLE no_such_table ADD COLUMN x int");

        assertThatThrownBy(() -> ScratchDatabase.expectedSchema(target.jdbcUrl(), patches))
                .isInstanceOf(PatchException.class).hasMessageContaining("no_such_table");
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void theScratchDatabaseIsGoneEvenWithASessionStillConnectedToIt() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(target.jdbcUrl());
                Connection lingering = java.sql.DriverManager.getConnection(scratch.jdbcUrl())) {
            assertThat(scratchDatabases()).containsExactly(scratch.name());
            assertThat(lingering.isValid(1)).isTrue();
        }
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void dropsScratchDatabasesThatCrashedRunsLeftOnceTheyAreADayOld() throws Exception {
        long now = Instant.now().getEpochSecond();
        String old = "granary_scratch_" + (now - Duration.ofDays(2).toSeconds()) + "_deadbeef";
        String recent = "granary_scratch_" + (now - Duration.ofHours(1).toSeconds()) + "_cafebabe";
        target.execute("CREATE DATABASE " + old);
        target.execute("CREATE DATABASE " + recent);

        ScratchDatabase.expectedSchema(target.jdbcUrl(), TestDatabase.patches("CREATE TABLE granule (id bigint)"));

        assertThat(scratchDatabases()).as("a recent one may belong to a run still going").containsExactly(recent);
    }

    @Test
    void aScratchDatabaseHasTheTargetsEncodingAndLocale() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(target.jdbcUrl())) {
            assertThat(scratch.name()).matches("granary_scratch_\\d+_[0-9a-f]{8}");
            List<String> settings = target.query("SELECT pg_encoding_to_char(encoding) || ' ' || datcollate || ' ' || datctype"
                    + " FROM pg_database WHERE datname IN (current_database(), '" + scratch.name() + "')");
            assertThat(settings).hasSize(2).containsOnly(settings.getFirst());
        }
    }

    private List<String> scratchDatabases() throws Exception {
        return target.query("SELECT datname FROM pg_database WHERE datname LIKE 'granary\\_scratch\\_%' ORDER BY 1");
    }

    private void dropAllScratchDatabases() throws Exception {
        for (String name : scratchDatabases()) {
            target.execute("DROP DATABASE " + name + " WITH (FORCE)");
        }
    }
}
