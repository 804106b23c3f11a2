package org.granary.ingest.esdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5",
            "P2041840AAAAAAAAAAAAAA04275021530001.PDS", "a", ".hidden", "name with spaces.txt", "données.he5"})
    void acceptsPlainFileNames(String name) {
        assertThat(FileNames.requireSafe(name)).isEqualTo(name);
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> FileNames.requireSafe("")).isInstanceOf(UnsafeFileNameException.class).hasMessage("file name is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "data/OMTO3.he5", "/OMTO3.he5", "OMTO3.he5/", "..\\windows", "a\\b"})
    void refusesPathSeparators(String name) {
        assertThatThrownBy(() -> FileNames.requireSafe(name)).isInstanceOf(UnsafeFileNameException.class)
                .hasMessageContaining("path separator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "...", "OMTO3..he5"})
    void refusesDotDot(String name) {
        assertThatThrownBy(() -> FileNames.requireSafe(name)).isInstanceOf(UnsafeFileNameException.class)
                .hasMessageContaining("'..'");
    }

    @Test
    void refusesControlCharactersAndShowsThemEscaped() {
        assertThatThrownBy(() -> FileNames.requireSafe("OMTO3\n.he5")).isInstanceOf(UnsafeFileNameException.class)
                .hasMessage("file name 'OMTO3\\u000A.he5' contains control character U+000A at character 6");
        assertThatThrownBy(() -> FileNames.requireSafe("a\u0000b")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> FileNames.requireSafe("a\u007Fb")).hasMessageContaining("U+007F");
        assertThatThrownBy(() -> FileNames.requireSafe("a\u0085b")).hasMessageContaining("U+0085");
    }

    @Test
    void refusesHalfACharacter() {
        assertThatThrownBy(() -> FileNames.requireSafe("a\uD800b")).isInstanceOf(UnsafeFileNameException.class)
                .hasMessageContaining("not valid Unicode at character 2");
    }

    @Test
    void countsTheLimitInUtf8BytesNotCharacters() {
        assertThat(FileNames.requireSafe("a".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> FileNames.requireSafe("a".repeat(256)))
                .hasMessage("file name is 256 bytes in UTF-8; the limit is 255");
        // 128 two-byte characters: 128 characters, 256 bytes.
        assertThatThrownBy(() -> FileNames.requireSafe("é".repeat(128)))
                .hasMessage("file name is 256 bytes in UTF-8; the limit is 255");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> FileNames.requireSafe(null)).isInstanceOf(NullPointerException.class).hasMessage("file name is null");
    }
}
