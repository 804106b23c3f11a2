package org.granary.archive.volume;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Active volumes take new objects; read-only and draining ones do not, and draining ones are emptied. */
public enum VolumeState {
    ACTIVE, READ_ONLY, DRAINING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static VolumeState fromWireName(String name) {
        for (VolumeState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown volume state '" + name + "'; states are active, read-only, draining");
    }
}
