package org.granary.planner.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.planner.pge.InputRule;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.Selection;
import org.granary.planner.pge.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {
    private static final Duration AURA = Duration.ofMinutes(98).plusSeconds(53);
    private static final Units UNITS = new Units(new OrbitClock(1132, Instant.parse("2004-10-01T00:03:00Z"), AURA));

    @Test
    void orbitsCountFromTheReferenceBothWays() {
        assertThat(UNITS.unitAt(pge(TimeUnit.ORBIT, null), Instant.parse("2004-10-01T00:03:00Z")))
                .isEqualTo(new Unit(Instant.parse("2004-10-01T00:03:00Z"), Instant.parse("2004-10-01T01:41:53Z"), 1132));
        assertThat(UNITS.unitAt(pge(TimeUnit.ORBIT, null), Instant.parse("2004-10-01T00:02:59Z")).orbit()).isEqualTo(1131);
        assertThat(UNITS.orbit(1133).start()).isEqualTo(Instant.parse("2004-10-01T01:41:53Z"));
    }

    @Test
    void daysMonthsAndIntervalsAreAlignedInUtc() {
        Instant noon = Instant.parse("2004-02-29T12:00:00Z");
        assertThat(UNITS.unitAt(pge(TimeUnit.DAY, null), noon)).isEqualTo(new Unit(Instant.parse("2004-02-29T00:00:00Z"),
                Instant.parse("2004-03-01T00:00:00Z"), null));
        assertThat(UNITS.unitAt(pge(TimeUnit.MONTH, null), noon)).isEqualTo(new Unit(Instant.parse("2004-02-01T00:00:00Z"),
                Instant.parse("2004-03-01T00:00:00Z"), null));
        assertThat(UNITS.unitAt(pge(TimeUnit.INTERVAL, Duration.ofHours(6)), noon)).isEqualTo(new Unit(Instant.parse("2004-02-29T12:00:00Z"),
                Instant.parse("2004-02-29T18:00:00Z"), null));
    }

    @Test
    void aGranuleSpanningMidnightTouchesBothDays() {
        List<Unit> days = UNITS.overlapping(pge(TimeUnit.DAY, null), Instant.parse("2004-10-01T23:07:00Z"), Instant.parse("2004-10-02T00:46:00Z"));
        assertThat(days).extracting(Unit::start).containsExactly(Instant.parse("2004-10-01T00:00:00Z"), Instant.parse("2004-10-02T00:00:00Z"));
    }

    @Test
    void tenYearsOfOrbitsAreAboutFiftyThreeThousandUnitsStartingInTheRange() {
        Units.Series series = UNITS.series(pge(TimeUnit.ORBIT, null), Instant.parse("2004-10-01T00:00:00Z"), Instant.parse("2014-10-01T00:00:00Z"));
        assertThat(series.firstOrbit()).as("orbit 1131 started before the range").isEqualTo(1132);
        assertThat(series.count()).isBetween(53_100, 53_200);
        assertThat(series.step()).isEqualTo(AURA);

        Units.Series months = UNITS.series(pge(TimeUnit.MONTH, null), Instant.parse("2004-10-15T00:00:00Z"), Instant.parse("2005-10-01T00:00:00Z"));
        assertThat(months.firstStart()).isEqualTo(Instant.parse("2004-11-01T00:00:00Z"));
        assertThat(months.count()).isEqualTo(11);
        assertThat(months.monthly()).isTrue();
    }

    private static PgeDefinition pge(TimeUnit unit, Duration length) {
        return new PgeDefinition("p", "1", List.of("/bin/true"), unit, length,
                List.of(new InputRule("OML1BRUG", null, Selection.OVERLAP, null, null, true, 1, null)), List.of("OMTO3"), null, null, null, null, null,
                null, null);
    }
}
