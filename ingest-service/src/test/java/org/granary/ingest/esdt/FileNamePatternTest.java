package org.granary.ingest.esdt;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileNamePatternTest {
    private static final String OMTO3 =
            "OMI-Aura_L2-OMTO3_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5";

    @Test
    void readsEveryFieldOfAnOmiLevel2Name() {
        FileNameFields fields = FileNamePattern.compile(OMTO3)
                .parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "OMTO3");

        assertThat(fields).isEqualTo(new FileNameFields(Instant.parse("2004-10-01T00:03:00Z"), null, 1132, 3,
                Instant.parse("2012-04-05T17:43:11Z"), null));
    }

    @Test
    void aDateOnlyStartCoversTheWholeDay() {
        FileNameFields fields = FileNamePattern.compile("OMTO3d_{start:yyyy'm'MMdd}.he5").parse("OMTO3d_2004m1231.he5", null);

        assertThat(fields.start()).isEqualTo(Instant.parse("2004-12-31T00:00:00Z"));
        assertThat(fields.end()).isEqualTo(Instant.parse("2005-01-01T00:00:00Z"));
    }

    @Test
    void aDateOnlyEndIncludesThatDay() {
        FileNameFields fields = FileNamePattern.compile("{start:yyyyMMdd}-{end:yyyyMMdd}.nc").parse("20040101-20040107.nc", null);

        assertThat(fields.start()).isEqualTo(Instant.parse("2004-01-01T00:00:00Z"));
        assertThat(fields.end()).isEqualTo(Instant.parse("2004-01-08T00:00:00Z"));
    }

    @Test
    void anEndWithATimeIsTakenAsWritten() {
        FileNameFields fields = FileNamePattern.compile("{start:yyyyMMdd'T'HHmmss}_{end:HHmmss-yyyyMMdd}.nc")
                .parse("20040101T000000_013000-20040101.nc", null);

        assertThat(fields.end()).isEqualTo(Instant.parse("2004-01-01T01:30:00Z"));
    }

    @Test
    void readsDayOfYearAndTwoDigitYearsAsEdosWritesThem() {
        FileNameFields fields = FileNamePattern.compile("P2041840AAAAAAAAAAAAAA{production:yyDDDHHmmss}{ignore:1}{part:2}.PDS")
                .parse("P2041840AAAAAAAAAAAAAA04275021530001.PDS", "OML0V");

        assertThat(fields.production()).isEqualTo(Instant.parse("2004-10-01T02:15:30Z"));
        assertThat(fields.part()).isEqualTo(1);
        assertThat(fields.start()).isNull();
        assertThat(fields.end()).isNull();
    }

    @Test
    void anOptionalPartMayBeThereOrNot() {
        FileNamePattern pattern = FileNamePattern.compile("L1_{start:yyyyMMdd'T'HHmm}[-p{part}].he4");

        assertThat(pattern.parse("L1_20040101T0000-p2.he4", null).part()).isEqualTo(2);
        assertThat(pattern.parse("L1_20040101T0000.he4", null).part()).isNull();
        assertThat(pattern.matches("L1_20040101T0000-p.he4")).isFalse();
    }

    @Test
    void quotesLiteralsSoThatRegexCharactersMatchOnlyThemselves() {
        FileNamePattern pattern = FileNamePattern.compile("a.b+c(d)*{orbit}.he5");

        assertThat(pattern.matches("a.b+c(d)*12.he5")).isTrue();
        assertThat(pattern.matches("aXb+c(d)*12.he5")).isFalse();
        assertThat(pattern.matches("a.bbc(d)*12.he5")).isFalse();
        assertThat(pattern.matches("a.b+c(d)*12Xhe5")).isFalse();
    }

    @Test
    void anOpenWidthAcceptsNumbersThatOutgrewTheirPadding() {
        FileNamePattern pattern = FileNamePattern.compile("o{orbit:5+}.he5");

        assertThat(pattern.parse("o01132.he5", null).orbit()).isEqualTo(1132);
        assertThat(pattern.parse("o100123.he5", null).orbit()).isEqualTo(100123);
        assertThatThrownBy(() -> pattern.parse("o1132.he5", null)).hasMessageContaining("expected orbit (5 or more digits) at character 2");
    }

    @Test
    void saysWhereTheNameStopsFollowingThePattern() {
        FileNamePattern pattern = FileNamePattern.compile(OMTO3);
        String name = "OMI-Aura_L2-OMTO3_2004m1001t0003-o1132_v003-2012m0405t174311.he5";

        assertThatThrownBy(() -> pattern.parse(name, "OMTO3"))
                .isInstanceOf(FileNameMismatchException.class)
                .hasMessage("'" + name + "' does not match OMTO3 pattern '" + OMTO3 + "': expected orbit (5 digits) at character 35, found '1132_v003-2012m0...'")
                .extracting(e -> ((FileNameMismatchException) e).position()).isEqualTo(34);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OMI-Aura_L2-OMNO2_2004m1001t0003-o01132_v003-2012m0405t174311.he5|expected 'TO3_' at character 15, found 'NO2_2004m1001t00...'",
            "MOD021KM.A2004275.0005.061.2017327230032.hdf|expected 'OMI-Aura_L2-OMTO3_' at character 1, found 'MOD021KM.A200427...'",
            "OMI-Aura_L2-OMTO3_2004m1001-o01132_v003-2012m0405t174311.he5|expected start (yyyy'm'MMdd't'HHmm) at character 19",
            "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v3-2012m0405t174311.he5|expected collection (3 digits) at character 42",
            "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he4|expected '5' at character 65, found '4'",
            "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5.tmp|unexpected '.tmp' after the end of the pattern at character 66",
            "OMI-Aura_L2-OMTO3_2004m1001t0003|expected '-o' at character 33, found the end of the name",
            "OMI-Aura_L2-OMTO3_2004m1001t0003-x01132_v003-2012m0405t174311.he5|expected 'o' at character 34, found 'x01132_v003-2012...'"})
    void explainsEachKindOfMismatch(String name, String reason) {
        assertThatThrownBy(() -> FileNamePattern.compile(OMTO3).parse(name, "OMTO3")).hasMessageContaining(reason);
    }

    @Test
    void refusesImpossibleDatesThatHaveTheRightDigits() {
        FileNamePattern pattern = FileNamePattern.compile(OMTO3);

        assertThatThrownBy(() -> pattern.parse("OMI-Aura_L2-OMTO3_2005m0229t0003-o01132_v003-2012m0405t174311.he5", "OMTO3"))
                .isInstanceOf(FileNameMismatchException.class)
                .hasMessageContaining("start '2005m0229t0003' is not a valid time")
                .hasMessageContaining("February 29")
                .extracting(e -> ((FileNameMismatchException) e).position()).isEqualTo(18);
        assertThatThrownBy(() -> pattern.parse("OMI-Aura_L2-OMTO3_2005m0101t2460-o01132_v003-2012m0405t174311.he5", "OMTO3"))
                .hasMessageContaining("start '2005m0101t2460' is not a valid time");
        assertThatThrownBy(() -> FileNamePattern.compile("{production:yyDDD}").parse("05366", null))
                .hasMessageContaining("not a leap year");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"|file-name pattern is empty",
            "a{start:yyyyMMdd|'{' is not closed",
            "a}b|'}' has no opening partner",
            "a]b|']' has no opening partner",
            "a[b|'[' is not closed",
            "a[]b|optional part is empty",
            "a[b[c]]|optional parts cannot be nested",
            "{begin:yyyyMMdd}|unknown field 'begin'",
            "{start}|start needs a time layout",
            "{start:yyyyMMdd}{start:yyyyMMdd}|field 'start' appears twice",
            "x[{start:yyyyMMdd}]|start cannot be optional",
            "{orbit:0}|orbit takes a width from 1 to 9, not '0'",
            "{orbit:10}|orbit takes a width from 1 to 9, not '10'",
            "{ignore}|ignore takes a width from 1 to 9, not ''",
            "{start:yyyyMMddZ}|has 'Z'",
            "{start:yyyyMM}|must name a year and either MM and dd or DDD",
            "{start:yyyyDDDMM}|must name a year and either MM and dd or DDD",
            "{start:yyyyMMddmm}|minutes without hours",
            "{start:yyyyMMdd'T}|empty or unclosed quote",
            "{start:yyyyMMddyy}|has 'y' twice"})
    void refusesBrokenPatternsWithTheReason(String pattern, String reason) {
        assertThatThrownBy(() -> FileNamePattern.compile(pattern)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void patternsAreEqualWhenTheirTextIs() {
        assertThat(FileNamePattern.compile(OMTO3)).isEqualTo(FileNamePattern.compile(OMTO3)).hasToString(OMTO3);
    }
}
