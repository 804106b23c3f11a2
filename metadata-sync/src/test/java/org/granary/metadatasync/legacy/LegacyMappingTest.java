package org.granary.metadatasync.legacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import org.granary.metadatasync.legacy.LegacyMapping.Mapped;
import org.granary.metadatasync.record.SyncRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyMappingTest {
    private static final LegacyRow ROW = new LegacyRow("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "OMTO3.003",
            LocalDateTime.parse("2004-10-01T00:03:00"), LocalDateTime.parse("2004-10-01T01:42:00.123456"), null, 1132,
            new BigDecimal("31457280"), "0123456789ABCDEF0123456789ABCDEF", 4294967295L, "/archive/OMI/2004/275/x.he5", "S", "B");

    @Test
    void mapsEachLegacyColumnToItsCanonicalField() {
        assertThat(LegacyMapping.toRecord(ROW)).isEqualTo(new Mapped.Mappable(new SyncRecord(ROW.fileName(), "OMTO3", 3,
                Instant.parse("2004-10-01T00:03:00Z"), Instant.parse("2004-10-01T01:42:00.123456Z"), null, 1132, 31_457_280L,
                "0123456789abcdef0123456789abcdef", 4294967295L, "superseded", "bad")));
    }

    @Test
    void theCanonicalTextIsTheOneBothDatabasesComputeAndTheLegacyCodesComeBack() {
        SyncRecord record = ((Mapped.Mappable) LegacyMapping.toRecord(ROW)).record();

        assertThat(record.canonicalText()).isEqualTo(ROW.fileName() + "|OMTO3|3|2004-10-01T00:03:00.000000Z|2004-10-01T01:42:00.123456Z||1132"
                + "|31457280|0123456789abcdef0123456789abcdef|4294967295|superseded|bad");
        assertThat(LegacyMapping.esdtCode(record)).isEqualTo("OMTO3.003");
        assertThat(LegacyMapping.statusCode(record)).isEqualTo("S");
        assertThat(LegacyMapping.qaCode(record)).isEqualTo("B");
    }

    @Test
    void saysWhyARowCannotBeMapped() {
        assertThat(unmappable(withCode("OMTO3"))).contains("esdt_code 'OMTO3' is not <short name>.<collection>");
        assertThat(unmappable(withCode("OMTO3.x3"))).contains("is not <short name>.<collection>");
        assertThat(unmappable(new LegacyRow(ROW.fileName(), "OMTO3.003", LocalDateTime.parse("2004-10-01T00:03:00"),
                LocalDateTime.parse("2004-09-30T00:00:00"), null, null, BigDecimal.TEN, ROW.md5Checksum(), null, "/a", "A", null)))
                .contains("stop_time 2004-09-30T00:00 is before start_time 2004-10-01T00:03");
        assertThat(unmappable(new LegacyRow(ROW.fileName(), "OMTO3.003", null, null, null, null, BigDecimal.TEN, "not-a-checksum", null,
                "/a", "A", null))).contains("md5_checksum 'not-a-checksum' is not 32 hexadecimal digits");
    }

    private static LegacyRow withCode(String code) {
        return new LegacyRow(ROW.fileName(), code, null, null, null, null, BigDecimal.TEN, ROW.md5Checksum(), null, "/a", "A", null);
    }

    private static String unmappable(LegacyRow row) {
        return ((Mapped.Unmappable) LegacyMapping.toRecord(row)).reason();
    }
}
