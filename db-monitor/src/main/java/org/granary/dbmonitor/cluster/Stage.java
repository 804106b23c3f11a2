package org.granary.dbmonitor.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A cluster's stage: thresholds are stricter in operations than in development. */
public enum Stage {
    DEVELOPMENT, TESTING, OPERATIONS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage fromWireName(String name) {
        return Arrays.stream(values()).filter(stage -> stage.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + name + "'; stages are "
                        + Arrays.stream(values()).map(Stage::wireName).collect(Collectors.joining(", "))));
    }
}
