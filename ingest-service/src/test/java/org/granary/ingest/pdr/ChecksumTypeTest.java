package org.granary.ingest.pdr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChecksumTypeTest {
    @Test
    void findsTypesByNameInAnyCase() {
        assertThat(ChecksumType.named("md5")).contains(ChecksumType.MD5);
        assertThat(ChecksumType.named("Sha256")).contains(ChecksumType.SHA256);
        assertThat(ChecksumType.named("CKSUM")).contains(ChecksumType.CKSUM);
        assertThat(ChecksumType.named("SHA1")).isEmpty();
    }

    @Test
    void acceptsOnlyValuesOfTheRightShape() {
        assertThat(ChecksumType.MD5.accepts("9e107d9d372bb6826bd81d3542a419d6")).isTrue();
        assertThat(ChecksumType.MD5.accepts("9e107d9d372bb6826bd81d3542a419d")).isFalse();
        assertThat(ChecksumType.SHA256.accepts("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).isTrue();
        assertThat(ChecksumType.SHA256.accepts("9e107d9d372bb6826bd81d3542a419d6")).isFalse();
        assertThat(ChecksumType.CKSUM.accepts("4294967295")).isTrue();
        assertThat(ChecksumType.CKSUM.accepts("4294967296")).isFalse();
        assertThat(ChecksumType.CKSUM.accepts("9999999999")).isFalse();
        assertThat(ChecksumType.CKSUM.accepts("-1")).isFalse();
    }

    @Test
    void writesEachValueOneWay() {
        assertThat(ChecksumType.MD5.normalise("9E107D9D372BB6826BD81D3542A419D6")).isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
        assertThat(ChecksumType.CKSUM.normalise("0000000042")).isEqualTo("42");
        assertThatThrownBy(() -> ChecksumType.CKSUM.normalise("x")).hasMessage("'x' is not a valid CKSUM checksum");
    }
}
