package org.granary.ingest.granule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An archive catalogued by the landed code (patches 0001 to 0005) upgraded to product identities
 * (0006 to 0009): every granule gets the identity and version a push would now give it, the parts
 * of a level 1B orbit stay products of their own, a collection a catalogue load had replaced in the
 * registry gets its row back, and the older production of a product whose ESDT replaces is
 * superseded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueUpgradeIT {
    private static final int LANDED_PATCHES = 5;
    private static final String OMI_L2 = "OMI-Aura_L2-OMTO3_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5+}_v{collection:3}-"
            + "{production:yyyy'm'MMdd't'HHmmss}.he5";
    private static final String OMI_L1B = "OMI-Aura_L1-OML1BRUG_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5+}_v{collection:3}-"
            + "{production:yyyy'm'MMdd't'HHmmss}[-p{part}].he4";
    private static final String OMI_L3 = "OMI-Aura_L3-OMTO3e_{start:yyyy'm'MMdd}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5";
    private static final String EDOS = "P2041840AAAAAAAAAAAAAA{production:yyDDDHHmmss}{ignore:1}{part:2}.PDS";
    private static final String LEVEL_0_BEFORE_PDR = "P2041840AAAAAAAAAAAAAA04275021530001.PDS";
    private static final String LEVEL_0_WITH_PDR = "P2041840AAAAAAAAAAAAAA04275031530001.PDS";

    private JdbcClient sql;
    private PGSimpleDataSource database;
    private PatchSet patches;

    @BeforeAll
    void catalogueWithTheLandedPatchesThenUpgrade() {
        database = new PGSimpleDataSource();
        database.setURL(TemporaryPostgres.freshDatabase("catalogue_upgrade"));
        patches = PatchSet.fromClasspath("ingest-service", "db/patches/ingest-service", getClass().getClassLoader());
        SchemaPatcher.apply(database, new PatchSet(patches.component(), patches.patches().subList(0, LANDED_PATCHES)),
                SchemaPatcher.Options.defaults());
        sql = JdbcClient.create(database);
        esdt("OMTO3", 3, OMI_L2, "ORBIT", "new-version");
        esdt("OML1BRUG", 3, OMI_L1B, "ORBIT", "replace");
        esdt("OML0V", 1, EDOS, "GRANULE", "skip");
        // OMTO3e collection 2 was loaded after collection 3's granules: it replaced collection 3's row.
        esdt("OMTO3e", 2, OMI_L3, "DAY", "replace");

        granule("OMTO3", 3, "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", 1, "2004-10-01T00:03:00Z", 1132, "archived");
        granule("OMTO3", 3, "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2019m0101t000000.he5", 1, "2004-10-01T00:03:00Z", 1132, "archived");
        granule("OMTO3", 3, "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", 2, "2004-10-01T00:03:00Z", 1132, "archived");
        granule("OMTO3", 3, "OMI-Aura_L2-OMTO3_2004m1001t0142-o01133_v003-2012m0405t174311.he5", 1, "2004-10-01T01:42:00Z", 1133, "archived");
        granule("OMTO3e", 3, "OMI-Aura_L3-OMTO3e_2004m1001_v003-2012m0409t101417.he5", 1, "2004-10-01T00:00:00Z", null, "archived");
        granule("OMTO3e", 3, "OMI-Aura_L3-OMTO3e_2004m1001_v003-2015m0101t000000.he5", 1, "2004-10-01T00:00:00Z", null, "archived");
        granule("OMTO3e", 2, "OMI-Aura_L3-OMTO3e_2004m1001_v002-2008m0101t000000.he5", 1, "2004-10-01T00:00:00Z", null, "archived");
        granule("OML1BRUG", 3, "OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p1.he4", 1, "2004-10-01T00:03:00Z", 1132, "archived");
        granule("OML1BRUG", 3, "OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p2.he4", 1, "2004-10-01T00:03:00Z", 1132, "archived");
        granule("OML1BRUG", 3, "OMI-Aura_L1-OML1BRUG_2004m1001t0142-o01133_v003-2011m0120t180527.he4", 1, "2004-10-01T01:42:00Z", 1133, "archived");
        granule("OML0V", 1, LEVEL_0_BEFORE_PDR, 1, null, null, "archived");
        granule("OML0V", 1, LEVEL_0_WITH_PDR, 1, "2004-10-01T03:15:30.25Z", null, "archived");

        SchemaPatcher.apply(database, patches, SchemaPatcher.Options.defaults());
    }

    @Test
    void filesOfOneProductAreNumberedInIngestOrderAndNewVersionsStayCurrent() {
        assertThat(rows("OMTO3")).containsExactly(
                row("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "orbit:1132", null, 1, "archived"),
                row("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2019m0101t000000.he5", "orbit:1132", null, 2, "archived"),
                row("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "orbit:1132", null, 3, "archived"),
                row("OMI-Aura_L2-OMTO3_2004m1001t0142-o01133_v003-2012m0405t174311.he5", "orbit:1133", null, 1, "archived"));
    }

    @Test
    void theOlderProductionOfAReplacingEsdtIsSupersededAndItsLostCollectionRegisteredAgain() {
        assertThat(rows("OMTO3e")).containsExactly(
                row("OMI-Aura_L3-OMTO3e_2004m1001_v003-2012m0409t101417.he5", "start:2004-10-01T00:00:00Z", null, 1, "superseded"),
                row("OMI-Aura_L3-OMTO3e_2004m1001_v003-2015m0101t000000.he5", "start:2004-10-01T00:00:00Z", null, 2, "archived"),
                row("OMI-Aura_L3-OMTO3e_2004m1001_v002-2008m0101t000000.he5", "start:2004-10-01T00:00:00Z", null, 1, "archived"));
        assertThat(sql.sql("SELECT collection_version, file_name_pattern, duplicate_policy FROM esdt WHERE short_name = 'OMTO3e' "
                + "ORDER BY collection_version").query().listOfRows()).containsExactly(
                Map.of("collection_version", 2, "file_name_pattern", OMI_L3, "duplicate_policy", "replace"),
                Map.of("collection_version", 3, "file_name_pattern", OMI_L3, "duplicate_policy", "replace"));
    }

    @Test
    void thePartsOfAnOrbitAreProductsOfTheirOwnReadFromTheirNames() {
        assertThat(rows("OML1BRUG")).containsExactly(
                row("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p1.he4", "orbit:1132", 1, 1, "archived"),
                row("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p2.he4", "orbit:1132", 2, 1, "archived"),
                row("OMI-Aura_L1-OML1BRUG_2004m1001t0142-o01133_v003-2011m0120t180527.he4", "orbit:1133", null, 1, "archived"));
    }

    @Test
    void levelZeroIsNamedByItsFileUntilAPdrGaveItsStartAndTheKeyIsWhatAPushWouldWrite() {
        assertThat(rows("OML0V")).containsExactly(
                row(LEVEL_0_BEFORE_PDR, "file:" + LEVEL_0_BEFORE_PDR, 1, 1, "archived"),
                row(LEVEL_0_WITH_PDR, "start:2004-10-01T03:15:30.250000Z", 1, 1, "archived"));
        assertThat(ProductIdentity.of("OML0V", 1, null, Instant.parse("2004-10-01T03:15:30.25Z"), 1, LEVEL_0_WITH_PDR).key())
                .isEqualTo("start:2004-10-01T03:15:30.250000Z");
    }

    @Test
    void aSecondGranuleOfOneProductVersionIsRefusedAndSoIsAnUnregisteredCollection() {
        assertThatThrownBy(() -> granule("OML1BRUG", 3, "another production-p1.he4", 1, "2004-10-01T00:03:00Z", 1132, 1, "orbit:1132"))
                .hasMessageContaining("granule_one_product_version");
        assertThatThrownBy(() -> granule("OMTO3", 3, "a repeat without part", 3, "2004-10-01T00:03:00Z", 1132, null, "orbit:1132"))
                .as("a missing part is as good as another").hasMessageContaining("granule_one_product_version");
        assertThatThrownBy(() -> granule("OMTO3", 4, "collection 4", 1, "2004-10-01T00:03:00Z", 1132, null, "orbit:1132"))
                .hasMessageContaining("granule_esdt_fkey");
        assertThat(sql.sql("SELECT bool_and(convalidated) FROM pg_constraint WHERE conname IN ('granule_esdt_fkey', "
                + "'granule_one_product_version')").query(Boolean.class).single()).isTrue();
    }

    private void esdt(String shortName, int collection, String pattern, String timeUnit, String policy) {
        sql.sql("INSERT INTO esdt (short_name, collection_version, processing_level, description, file_name_pattern, time_unit, "
                        + "duplicate_policy) VALUES (?, ?, '2', ?, ?, ?, ?)")
                .params(shortName, collection, shortName, pattern, timeUnit.toLowerCase(java.util.Locale.ROOT), policy).update();
    }

    /** A granule as the landed code recorded it: no part, no product key. */
    private void granule(String esdt, int collection, String fileName, int version, String start, Integer orbit, String state) {
        sql.sql("INSERT INTO granule (esdt, collection, file_name, version, start_time, orbit, size_bytes, sha256, md5, source, state) "
                        + "VALUES (?, ?, ?, ?, ?::timestamptz, ?, 1, repeat('a', 64), repeat('b', 32), 'test', ?)")
                .params(esdt, collection, fileName, version, start, orbit, state).update();
    }

    private void granule(String esdt, int collection, String fileName, int version, String start, Integer orbit, Integer part,
            String productKey) {
        sql.sql("INSERT INTO granule (esdt, collection, file_name, version, start_time, orbit, part, product_key, size_bytes, sha256, "
                        + "md5, source) VALUES (?, ?, ?, ?, ?::timestamptz, ?, ?, ?, 1, repeat('a', 64), repeat('b', 32), 'test')")
                .params(esdt, collection, fileName, version, start, orbit, part, productKey).update();
    }

    private record Row(String fileName, String productKey, Integer part, int version, String state) {
    }

    private static Row row(String fileName, String productKey, Integer part, int version, String state) {
        return new Row(fileName, productKey, part, version, state);
    }

    private List<Row> rows(String esdt) {
        return sql.sql("SELECT file_name, product_key, part, version, state FROM granule WHERE esdt = ? ORDER BY id").param(esdt)
                .query((result, number) -> new Row(result.getString(1), result.getString(2), (Integer) result.getObject(3),
                        result.getInt(4), result.getString(5))).list();
    }
}
