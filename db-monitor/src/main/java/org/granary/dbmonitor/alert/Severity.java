package org.granary.dbmonitor.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a rule's alerts are. */
enum Severity {
    WARNING, CRITICAL;

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity parse(String text) {
        for (Severity severity : values()) {
            if (severity.wireName().equals(text)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("severity is warning or critical, was " + (text == null ? "absent" : "'" + text + "'"));
    }
}
