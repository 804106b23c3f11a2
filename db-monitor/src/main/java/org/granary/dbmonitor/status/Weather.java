package org.granary.dbmonitor.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a cluster is doing, as a forecast says it: fair, cloudy (look soon), stormy (act now), or unknown (no news). */
public enum Weather {
    FAIR, UNKNOWN, CLOUDY, STORMY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two. */
    public Weather worse(Weather other) {
        return other.severity() > severity() ? other : this;
    }

    private int severity() {
        return switch (this) {
            case FAIR -> 0;
            case UNKNOWN -> 1;
            case CLOUDY -> 2;
            case STORMY -> 3;
        };
    }
}
