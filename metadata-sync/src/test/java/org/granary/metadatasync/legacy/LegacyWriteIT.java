package org.granary.metadatasync.legacy;

import java.time.Instant;
import java.util.List;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue's state written to the legacy tables: with its granule the archive path is where
 * ingest-service serves the bytes; without it (a repair, a conflict the catalogue won) an existing
 * row keeps the path the old applications know, and a new row gets an empty one.
 */
class LegacyWriteIT {
    private static final String KNOWN = "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2004m1001t030000.he5";
    private static final String NEW = "OMI-Aura_L2-OMTO3_2004m1001t0142-o01133_v003-2004m1001t030000.he5";

    @Test
    void aStateWithoutItsGranuleKeepsTheArchivePathOfAnExistingRowAndOneWithItPointsAtIngest() throws Exception {
        LegacyAndSyncDatabases databases = LegacyAndSyncDatabases.fresh("legacy_write");
        LegacyDatabase legacy = new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "http://ingest:8080/");
        databases.legacy("INSERT INTO file_inventory (file_name, esdt_code, start_time, file_size, md5_checksum, archive_path, status_code)"
                + " VALUES ('" + KNOWN + "', 'OMTO3.003', '2004-10-01 00:03:00', 5, '0123456789ABCDEF0123456789ABCDEF', '/archive/OMI/"
                + KNOWN + "', 'A')");

        legacy.write(List.of(new CatalogState(KNOWN, record(KNOWN, 7), null), new CatalogState(NEW, record(NEW, 9), null)));
        assertThat(databases.legacyQuery("SELECT file_name || ' ' || file_size || ' [' || archive_path || ']' FROM file_inventory ORDER BY file_name"))
                .containsExactly(KNOWN + " 7 [/archive/OMI/" + KNOWN + "]", NEW + " 9 []");

        legacy.write(List.of(new CatalogState(KNOWN, record(KNOWN, 8), 42L)));
        assertThat(databases.legacyQuery("SELECT file_size || ' ' || archive_path FROM file_inventory WHERE file_name = '" + KNOWN + "'"))
                .containsExactly("8 http://ingest:8080/granules/42/content");
    }

    private static SyncRecord record(String fileName, long size) {
        return new SyncRecord(fileName, "OMTO3", 3, Instant.parse("2004-10-01T00:03:00Z"), Instant.parse("2004-10-01T01:42:00Z"), null, null, size,
                "fedcba9876543210fedcba9876543210", null, "archived", null);
    }
}
