package org.granary.ingest.granule;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProductIdentityTest {
    private static final Instant START = Instant.parse("2004-10-01T00:03:00Z");

    @Test
    void anOrbitNamesTheProductWhateverElseTheNameSays() {
        assertThat(ProductIdentity.of("OMTO3", 3, 1132, START, null, "a.he5"))
                .isEqualTo(new ProductIdentity("OMTO3", 3, "orbit:1132", null));
    }

    @Test
    void withoutAnOrbitTheStartNamesItInUtcToTheMicrosecond() {
        assertThat(ProductIdentity.of("OMTO3e", 3, null, Instant.parse("2004-10-01T00:00:00Z"), null, "a.he5").key())
                .isEqualTo("start:2004-10-01T00:00:00Z");
        assertThat(ProductIdentity.of("OML0V", 1, null, Instant.parse("2004-10-01T02:15:30.25Z"), 1, "a.PDS").key())
                .as("microseconds written only when not zero").isEqualTo("start:2004-10-01T02:15:30.250000Z");
        assertThat(ProductIdentity.of("OML0V", 1, null, Instant.parse("2004-10-01T02:15:30.000000999Z"), 1, "a.PDS").key())
                .as("the database keeps microseconds, and so does the key").isEqualTo("start:2004-10-01T02:15:30Z");
    }

    @Test
    void withNeitherOrbitNorStartTheFileNameNamesIt() {
        assertThat(ProductIdentity.of("OML0V", 1, null, null, 1, "P2041840AAAAAAAAAAAAAA04275021530001.PDS"))
                .isEqualTo(new ProductIdentity("OML0V", 1, "file:P2041840AAAAAAAAAAAAAA04275021530001.PDS", 1));
    }

    @Test
    void partsAndCollectionsAreProductsOfTheirOwn() {
        ProductIdentity first = ProductIdentity.of("OML1BRUG", 3, 1132, START, 1, "a-p1.he4");

        assertThat(first).isNotEqualTo(ProductIdentity.of("OML1BRUG", 3, 1132, START, 2, "a-p2.he4"))
                .isNotEqualTo(ProductIdentity.of("OML1BRUG", 4, 1132, START, 1, "a-p1.he4"))
                .isEqualTo(ProductIdentity.of("OML1BRUG", 3, 1132, START, 1, "another production-p1.he4"));
        assertThat(first).hasToString("OML1BRUG collection 3 orbit:1132 part 1");
    }
}
