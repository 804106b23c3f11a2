package org.granary.ingest.esdt;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The placeholders a file-name pattern may hold, each written {@code {name}} or {@code {name:argument}}. */
enum PatternField {
    /** Observation start; a layout without hours means the granule covers that whole day. */
    START(Kind.TIME),
    /** Observation end; a layout without hours means the end of that day. */
    END(Kind.TIME),
    /** When the producer made the file. */
    PRODUCTION(Kind.TIME),
    ORBIT(Kind.NUMBER),
    /** The collection (version) of the ESDT the file belongs to. */
    COLLECTION(Kind.NUMBER),
    /** Which part of a granule delivered in several files this is. */
    PART(Kind.NUMBER),
    /** Letters or digits the name carries that we do not use. */
    IGNORE(Kind.IGNORED);

    enum Kind { TIME, NUMBER, IGNORED }

    private final Kind kind;

    PatternField(Kind kind) {
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** The name as written in patterns, which is also the regex group name. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<PatternField> byLabel(String label) {
        return Arrays.stream(values()).filter(field -> field.label().equals(label)).findFirst();
    }
}
