package org.granary.platform.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Who a token belongs to; it decides what the token may write. */
public enum Role {
    STATION, SCIENTIST, OPERATOR, DBA, ADMIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; roles are "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")));
    }

    /** Whether a token of this role may do what needs one of {@code required}; admin may do all. */
    public boolean mayActAs(Role... required) {
        return this == ADMIN || Arrays.asList(required).contains(this);
    }
}
