package org.granary.dbmonitor.alert;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.convert.DurationStyle;

/** A rule's "for" as operators write it: {@code 90s}, {@code 5m}, {@code 1h}, a number of seconds, or ISO-8601 ({@code PT1M}). */
final class Durations {
    private Durations() {
    }

    static Duration parse(String text) {
        try {
            return DurationStyle.detectAndParse(text.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (90s, 5m, 1h, PT1M)", e);
        }
    }

    /** The shortest exact form: {@code 1h}, {@code 5m}, {@code 90s}, {@code 1500ms}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
