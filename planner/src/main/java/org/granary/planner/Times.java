package org.granary.planner;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.types.YearToSecond;

/** Conversions between the JDK's time types and the ones jOOQ reads from PostgreSQL. */
public final class Times {
    private Times() {
    }

    public static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static YearToSecond interval(Duration duration) {
        return duration == null ? null : YearToSecond.valueOf(duration);
    }

    public static Duration duration(YearToSecond interval) {
        return interval == null ? null : interval.toDuration();
    }
}
