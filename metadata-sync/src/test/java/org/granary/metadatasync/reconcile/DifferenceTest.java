package org.granary.metadatasync.reconcile;

import java.time.Instant;
import java.util.List;
import org.granary.metadatasync.record.SyncRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DifferenceTest {
    private static final SyncRecord RECORD = new SyncRecord("a.he5", "OMTO3", 3, Instant.parse("2004-10-01T00:00:00.000001Z"), null, null, 7, 10,
            "0123456789abcdef0123456789abcdef", null, "archived", null);

    @Test
    void namesEachDifferingFieldWithBothValues() {
        SyncRecord other = new SyncRecord("a.he5", "OMTO3", 3, Instant.parse("2004-10-01T00:00:00Z"), null, null, null, 10,
                "0123456789abcdef0123456789abcdef", null, "archived", "good");
        Difference difference = Difference.between("a.he5", SideRecord.of(RECORD), SideRecord.of(other)).orElseThrow();
        assertThat(difference.kind()).isEqualTo(Difference.Kind.DIFFERENT);
        assertThat(difference.fields()).containsExactly(new Difference.Field("startTime", RECORD.startTime(), other.startTime()),
                new Difference.Field("orbit", 7, null), new Difference.Field("qaFlag", null, "good"));
    }

    @Test
    void tellsMissingSidesAndAgreement() {
        assertThat(Difference.between("a.he5", SideRecord.of(RECORD), SideRecord.of(RECORD))).isEmpty();
        assertThat(Difference.between("a.he5", SideRecord.of(RECORD), null).orElseThrow().kind()).isEqualTo(Difference.Kind.MISSING_ON_CATALOGUE);
        assertThat(Difference.between("a.he5", null, SideRecord.of(RECORD)).orElseThrow().kind()).isEqualTo(Difference.Kind.MISSING_ON_LEGACY);
        SideRecord unmappable = new SideRecord("a.he5", null, "esdt_code 'X' is not ...", null, null);
        assertThat(Difference.between("a.he5", unmappable, SideRecord.of(RECORD)).orElseThrow().fieldNames()).containsExactly("unmappable");
    }

    @Test
    void bucketsDisjointRangesAndRefusesOverlappingOnes() {
        RangeBuckets buckets = RangeBuckets.of(List.of(new KeyRange("m", "t"), new KeyRange(null, "c"), new KeyRange("t", null)));
        assertThat(buckets.outer()).isEqualTo(KeyRange.ALL);
        assertThat(buckets.bind(List.of())).hasSize(2);
        assertThat(buckets.sql("f.file_name")).contains("width_bucket");
        assertThat(RangeBuckets.of(List.of(KeyRange.ALL)).sql("f.file_name")).isEqualTo("1");
        assertThatThrownBy(() -> RangeBuckets.of(List.of(new KeyRange("a", "m"), new KeyRange("c", "z")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesKeysByteForByteAsCollateC() {
        assertThat(KeyRange.BYTE_ORDER.compare("Z", "a")).isNegative();
        assertThat(KeyRange.BYTE_ORDER.compare("\uFFFD", "\uD83D\uDE00")).isNegative(); // UTF-16 order would say the opposite
        assertThat(new KeyRange("b", "d").contains("c")).isTrue();
        assertThat(new KeyRange("b", "d").contains("d")).isFalse();
    }
}
