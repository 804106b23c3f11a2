package org.granary.planner.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.TimeUnit;

import static java.util.Objects.requireNonNull;

/** The time units of PGEs: which unit holds an instant, which overlap a range, and the run of them a campaign covers. */
public final class Units {
    /** At most this many units per planning call from one granule: a granule spanning years makes no thousand jobs by accident. */
    static final int MOST_UNITS_PER_GRANULE = 100;

    private final OrbitClock orbits;

    public Units(OrbitClock orbits) {
        this.orbits = requireNonNull(orbits, "orbits is null");
    }

    public OrbitClock orbits() {
        return orbits;
    }

    /** The unit of {@code pge} that holds {@code time}. */
    public Unit unitAt(PgeDefinition pge, Instant time) {
        return switch (pge.timeUnit()) {
            case ORBIT -> orbit(orbits.orbitAt(time));
            case DAY -> {
                Instant day = time.truncatedTo(ChronoUnit.DAYS);
                yield new Unit(day, day.plus(Duration.ofDays(1)), null);
            }
            case MONTH -> {
                ZonedDateTime month = time.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                yield new Unit(month.toInstant(), month.plusMonths(1).toInstant(), null);
            }
            case INTERVAL -> {
                long length = pge.unitLength().toMillis();
                Instant start = Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), length) * length);
                yield new Unit(start, start.plusMillis(length), null);
            }
        };
    }

    public Unit orbit(int orbit) {
        return new Unit(orbits.start(orbit), orbits.start(orbit + 1), orbit);
    }

    /** The units of {@code pge} overlapping [from, to] (at most {@link #MOST_UNITS_PER_GRANULE}). */
    public List<Unit> overlapping(PgeDefinition pge, Instant from, Instant to) {
        List<Unit> units = new ArrayList<>();
        Unit unit = unitAt(pge, from);
        units.add(unit);
        while (unit.end().isBefore(to) && units.size() < MOST_UNITS_PER_GRANULE) {
            unit = unitAt(pge, unit.end());
            units.add(unit);
        }
        return units;
    }

    /**
     * The units of {@code pge} that start in [from, to), as the first unit and a step: what a
     * campaign expands into jobs in one statement. {@code monthly} steps by calendar months.
     */
    public record Series(Instant firstStart, Duration step, boolean monthly, Integer firstOrbit, int count) {
    }

    public Series series(PgeDefinition pge, Instant from, Instant to) {
        Unit first = unitAt(pge, from);
        if (first.start().isBefore(from)) {
            first = unitAt(pge, first.end());
        }
        if (!first.start().isBefore(to)) {
            return new Series(first.start(), Duration.ZERO, false, first.orbit(), 0);
        }
        if (pge.timeUnit() == TimeUnit.MONTH) {
            ZonedDateTime start = first.start().atZone(ZoneOffset.UTC);
            int count = Math.toIntExact(ChronoUnit.MONTHS.between(start, to.minusNanos(1).atZone(ZoneOffset.UTC)) + 1);
            return new Series(first.start(), Duration.ZERO, true, null, count);
        }
        Duration step = Duration.between(first.start(), first.end());
        long count = (Duration.between(first.start(), to).toNanos() + step.toNanos() - 1) / step.toNanos();
        if (pge.timeUnit() == TimeUnit.ORBIT) {
            count = (long) orbits.orbitAt(to.minusNanos(1)) - first.orbit() + 1;
        }
        return new Series(first.start(), step, false, first.orbit(), Math.toIntExact(count));
    }
}
