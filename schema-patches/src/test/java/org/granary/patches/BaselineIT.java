package org.granary.patches;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.granary.patches.drift.AttributedDrift;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineIT {
    private static final PatchSet PATCHES = new PatchSet("granules", List.of(
            new Patch("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text);"),
            new Patch("0002-add-orbit.sql", "-- patch: breaks-older-builds\nALTER TABLE granule ADD COLUMN orbit integer;"),
            new Patch("0003-index-orbit.sql", "CREATE INDEX granule_orbit ON granule (orbit);")));
    private static final Baseline.Options OPTIONS = new Baseline.Options("dba", "dba-host", false);

    private String jdbcUrl;

    @BeforeEach
    void legacyDatabase() throws SQLException {
        jdbcUrl = TemporaryPostgres.freshDatabase("baseline");
        // As a legacy database has them: the first two patches' SQL, run by hand, and no ledger.
        execute("CREATE TABLE granule (id bigint PRIMARY KEY, name text); ALTER TABLE granule ADD COLUMN orbit integer;");
    }

    @Test
    void recordsThePatchesUpToTheGivenOneAsBaselinedSoThatApplyRunsOnlyTheLaterOnes() throws SQLException {
        Baseline.Adoption adoption = Baseline.adopt(jdbcUrl, PATCHES, "0002-add-orbit.sql", OPTIONS);

        assertThat(adoption.recorded()).isTrue();
        assertThat(adoption.drift()).isEmpty();
        assertThat(adoption.patches()).extracting(Patch::name).containsExactly("0001-create-granule.sql", "0002-add-orbit.sql");
        List<LedgerEntry> ledger = ledger();
        assertThat(ledger).extracting(LedgerEntry::patchName).containsExactly("0001-create-granule.sql", "0002-add-orbit.sql");
        assertThat(ledger).extracting(LedgerEntry::checksum)
                .containsExactly(PATCHES.patches().get(0).checksum(), PATCHES.patches().get(1).checksum());
        assertThat(ledger).allSatisfy(entry -> {
            assertThat(entry.duration()).isEqualTo(Duration.ZERO);
            assertThat(entry.appliedBy()).isEqualTo("dba as role postgres");
        });
        assertThat(ledger.get(1).breaksOlderBuilds()).as("read from the file, as apply would have").isTrue();
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            assertThat(Baseline.baselined(connection, "granules")).containsExactly("0001-create-granule.sql", "0002-add-orbit.sql");
        }

        ApplyResult applied = SchemaPatcher.apply(dataSource(), PATCHES, SchemaPatcher.Options.defaults());

        assertThat(applied.applied()).containsExactly("0003-index-orbit.sql");
        assertThat(applied.alreadyApplied()).isEqualTo(2);
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            assertThat(Baseline.baselined(connection, "granules")).as("an applied patch is not baselined")
                    .doesNotContain("0003-index-orbit.sql");
        }
    }

    @Test
    void aDryRunComparesButRecordsNothing() throws SQLException {
        Baseline.Adoption adoption = Baseline.adopt(jdbcUrl, PATCHES, "0002-add-orbit.sql", new Baseline.Options("dba", "dba-host", true));

        assertThat(adoption.recorded()).isFalse();
        assertThat(adoption.drift()).isEmpty();
        assertThat(adoption.patches()).hasSize(2);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void returnsTheDriftAndRecordsNothingWhenTheSchemaIsNotWhatThePatchesMake() throws SQLException {
        execute("ALTER TABLE granule ADD COLUMN comment text");

        Baseline.Adoption adoption = Baseline.adopt(jdbcUrl, PATCHES, "0002-add-orbit.sql", OPTIONS);

        assertThat(adoption.recorded()).isFalse();
        assertThat(adoption.drift()).extracting(AttributedDrift::drift).extracting(drift -> drift.description())
                .containsExactly("column public.granule.comment exists in the database but no applied patch makes it");
        assertThat(ledger()).isEmpty();
    }

    @Test
    void aBaselineUpToTooEarlyAPatchIsDriftToo() {
        Baseline.Adoption adoption = Baseline.adopt(jdbcUrl, PATCHES, "0001-create-granule.sql", OPTIONS);

        assertThat(adoption.recorded()).isFalse();
        assertThat(adoption.drift()).hasSize(1);
    }

    @Test
    void refusesAPatchTheSetDoesNotList() throws SQLException {
        assertThatThrownBy(() -> Baseline.adopt(jdbcUrl, PATCHES, "0009-unknown.sql", OPTIONS))
                .isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("0009-unknown.sql is not one of the patches patches_applied.txt of granules lists");
        assertThat(ledger()).isEmpty();
    }

    @Test
    void refusesADatabaseWhoseLedgerHasRowsOfTheComponent() throws SQLException {
        execute("DROP TABLE granule");
        SchemaPatcher.apply(dataSource(), new PatchSet("granules", PATCHES.patches().subList(0, 1)), SchemaPatcher.Options.defaults());

        assertThatThrownBy(() -> Baseline.adopt(jdbcUrl, PATCHES, "0001-create-granule.sql", OPTIONS))
                .isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("the ledger already has 1 patch(es) of granules, the first 0001-create-granule.sql");
        assertThat(ledger()).hasSize(1);
    }

    private List<LedgerEntry> ledger() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return Ledger.read(connection, "granules");
        }
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return dataSource;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
