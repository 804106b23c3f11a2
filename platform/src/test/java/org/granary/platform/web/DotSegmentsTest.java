package org.granary.platform.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DotSegmentsTest {
    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../etc/passwd", "/files/../admin", "/files/./x", "/.", "/files/%2e%2e/admin",
            "/files/%2E%2e/admin", "/files/.%2e/admin", "/files/%2e/x", "/files/..%2fadmin", "/files/..%2Fadmin",
            "/files/%2e%2e%2fadmin", "/files/..;jsessionid=1/admin", "/files/.;x/y"})
    void findsDotSegmentsLiteralEncodedAndWithParameters(String path) {
        assertThat(DotSegments.presentIn(path)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"/", "/files/OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0927t155310.he4",
            "/files/a..b", "/files/...", "/files/.hidden", "/files/name.", "/files/%2e%2e%2e", "/files/%252e%252e/x",
            "/granules?path=../x"})
    void leavesOtherPathsAlone(String path) {
        assertThat(DotSegments.presentIn(path)).isFalse();
    }
}
