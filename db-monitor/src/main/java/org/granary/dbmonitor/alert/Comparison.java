package org.granary.dbmonitor.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a rule compares a figure with its threshold; equal to the threshold never holds. */
enum Comparison {
    ABOVE, BELOW;

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean holds(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }

    static Comparison parse(String text) {
        for (Comparison comparison : values()) {
            if (comparison.wireName().equals(text)) {
                return comparison;
            }
        }
        throw new IllegalArgumentException("comparison is above or below, was " + (text == null ? "absent" : "'" + text + "'"));
    }
}
