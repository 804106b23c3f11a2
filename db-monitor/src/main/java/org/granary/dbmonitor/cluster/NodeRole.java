package org.granary.dbmonitor.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a node is expected to be, or what a poll found it to be. */
public enum NodeRole {
    PRIMARY, STANDBY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NodeRole fromWireName(String name) {
        return switch (name) {
            case "primary" -> PRIMARY;
            case "standby" -> STANDBY;
            default -> throw new IllegalArgumentException("unknown role '" + name + "'; roles are primary, standby");
        };
    }
}
