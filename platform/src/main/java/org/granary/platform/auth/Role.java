package org.granary.platform.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who a token belongs to; it decides what the token may write. {@link #SERVICE} is a Granary
 * service calling another one, with a token labelled with its name ({@code ingest-service}, ...).
 */
public enum Role {
    STATION, SCIENTIST, OPERATOR, DBA, SERVICE, ADMIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; roles are " + wireNames());
    }

    /** Every role's wire name, comma-separated, for messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }

    /** Whether a token of this role may do what needs one of {@code required}; admin may do all. */
    public boolean mayActAs(Role... required) {
        return this == ADMIN || Arrays.asList(required).contains(this);
    }
}
