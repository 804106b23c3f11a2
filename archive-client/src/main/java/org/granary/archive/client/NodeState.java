package org.granary.archive.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a node takes new copies ({@code active}) or is being emptied ({@code draining}). */
public enum NodeState {
    ACTIVE, DRAINING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NodeState fromWireName(String name) {
        for (NodeState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown node state '" + name + "'; states are active, draining");
    }
}
