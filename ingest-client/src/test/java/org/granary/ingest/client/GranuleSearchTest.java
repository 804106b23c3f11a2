package org.granary.ingest.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GranuleSearchTest {
    @Test
    void onlyTheCriteriaGivenAreSent() {
        GranuleSearch search = GranuleSearch.of("OMTO3").overlapping(Instant.parse("2004-10-01T00:00:00Z"), null).orbits(1132, 1140)
                .limit(50);

        assertThat(search.parameters()).containsExactly(Map.entry("esdt", "OMTO3"), Map.entry("from", "2004-10-01T00:00:00Z"),
                Map.entry("orbitFrom", "1132"), Map.entry("orbitTo", "1140"), Map.entry("limit", "50"));
        assertThat(GranuleSearch.all().parameters()).containsExactly(Map.entry("limit", "100"));
    }

    @Test
    void theNextPageStartsAfterTheLastGranuleOfThisOne() {
        GranuleSearch search = GranuleSearch.of("OMTO3");

        assertThat(search.next(new GranulePage(List.of(), 42L)).parameters()).containsEntry("after", "42");
        assertThat(search.next(new GranulePage(List.of(), null))).isNull();
    }

    @Test
    void limitsOutsideWhatIngestServesAreRefusedHere() {
        assertThatThrownBy(() -> GranuleSearch.all().limit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GranuleSearch.all().limit(1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declaredChecksumsAreHexOfTheirLength() {
        assertThat(DeclaredChecksums.sha256("AB".repeat(32)).sha256()).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> DeclaredChecksums.md5("abc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 hex");
        assertThatThrownBy(() -> DeclaredChecksums.sha256("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
