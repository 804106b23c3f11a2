package org.granary.ingest.granule;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchInputTest {
    @Test
    void takesPlainTextAndCharactersBeyondTheBasicPlane() {
        assertThat(SearchInput.text("OMTO3")).isEqualTo("OMTO3");
        assertThat(SearchInput.text("Station \uD83D\uDEF0 Svalbard")).isEqualTo("Station \uD83D\uDEF0 Svalbard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "OMTO3\u0000", "a\nb", "\u007F", "\u0085"})
    void refusesControlCharactersNamingThem(String text) {
        assertThatThrownBy(() -> SearchInput.text(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character U+00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uD800\uD800\uDC00"})
    void refusesHalvesOfSurrogatePairs(String text) {
        assertThatThrownBy(() -> SearchInput.text(text)).hasMessageContaining("half of a surrogate pair");
    }

    @Test
    void takesTimesFromYearOneToYear9999() {
        assertThat(SearchInput.time("0001-01-01T00:00:00Z")).isEqualTo(SearchInput.EARLIEST);
        assertThat(SearchInput.time("9999-12-31T23:59:59.999999Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "-1000-01-01T00:00:00Z"})
    void refusesTimesOutsideThoseYears(String text) {
        assertThatThrownBy(() -> SearchInput.time(text)).hasMessageContaining("outside the years 1 to 9999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300000-01-01T00:00:00Z", "yesterday", "2004-10-01", "2004-10-01T00:00:00", ""})
    void refusesWhatIsNoUtcTime(String text) {
        assertThatThrownBy(() -> SearchInput.time(text)).hasMessageContaining("is not a UTC time such as 2004-10-01T00:00:00Z");
    }

    @Test
    void takesWholeNumbersWithinTheirBoundsOnly() {
        assertThat(SearchInput.whole("1000", 1, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> SearchInput.whole("1001", 1, 1000)).hasMessage("'1001' is not a whole number from 1 to 1000");
        assertThatThrownBy(() -> SearchInput.whole("100000000000000000000", 1, 1000))
                .hasMessage("'100000000000000000000' is not a whole number from 1 to 1000");
        assertThatThrownBy(() -> SearchInput.whole("1e3", 1, 1000)).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> SearchInput.whole("1\u0000", 1, 1000)).hasMessage("'1\\u0000' is not a whole number from 1 to 1000");
    }
}
