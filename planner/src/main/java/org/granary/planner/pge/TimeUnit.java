package org.granary.planner.pge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What one job of a PGE covers: one orbit, one UTC day, one UTC month, or a fixed interval from the epoch. */
public enum TimeUnit {
    ORBIT, DAY, MONTH, INTERVAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TimeUnit fromWireName(String name) {
        return Arrays.stream(values()).filter(unit -> unit.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown time unit '" + name + "'; units are orbit, day, month, interval"));
    }
}
