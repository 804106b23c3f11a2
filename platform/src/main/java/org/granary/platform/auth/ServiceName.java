package org.granary.platform.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Granary services that call each other. A token of role {@link Role#SERVICE} is labelled with
 * one of these names, so a handler can tell which service calls it ({@link Caller#isService}).
 */
public enum ServiceName {
    INGEST_SERVICE, ARCHIVE_STORE, PLANNER, METADATA_SYNC, DB_MONITOR;

    /** The name as it appears in token labels and module names, e.g. {@code ingest-service}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The service of a label or module name; an unknown one is refused with the known names. */
    public static ServiceName fromLabel(String label) {
        return Arrays.stream(values()).filter(service -> service.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "' is not a Granary service; a service token's label is one of "
                        + labels()));
    }

    static String labels() {
        return Arrays.stream(values()).map(ServiceName::label).collect(Collectors.joining(", "));
    }
}
