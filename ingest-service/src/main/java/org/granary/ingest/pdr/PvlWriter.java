package org.granary.ingest.pdr;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Writes {@code NAME = value;} lines as PANs and PDRDs carry them, one per line, LF-ended. */
final class PvlWriter {
    private final StringBuilder text = new StringBuilder();

    /** A value that is one word (an ESDT, a number, a path) as is; anything else in double quotes. */
    PvlWriter statement(String name, String value) {
        return raw(name, value.matches("[A-Za-z0-9_./:+-]+") ? value : quoted(value));
    }

    /** Dispositions are always quoted, as the ICD's examples write them. */
    PvlWriter quotedStatement(String name, String value) {
        return raw(name, quoted(value));
    }

    /** A time as CCSDS ASCII time code A, to the second, in UTC: 2004-10-05T12:00:00Z. */
    PvlWriter time(String name, Instant time) {
        return raw(name, DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private PvlWriter raw(String name, String value) {
        text.append(name).append(" = ").append(value).append(";\n");
        return this;
    }

    /** PVL has no escape inside quotes, so a double quote in the value becomes a single one. */
    private static String quoted(String value) {
        return '"' + value.replace('"', '\'') + '"';
    }
}
