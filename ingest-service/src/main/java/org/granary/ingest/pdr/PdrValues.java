package org.granary.ingest.pdr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the values of PDR statements, each failure turned into the disposition the caller names. */
final class PdrValues {
    private PdrValues() {
    }

    /** The value, which must be there and not blank. */
    static String required(OdlObject object, String name, PdrdDisposition disposition) throws PdrFieldException {
        return optional(object, name).orElseThrow(() -> new PdrFieldException(disposition, where(object) + " has no " + name));
    }

    /** The value, or empty if the statement is absent or blank. */
    static Optional<String> optional(OdlObject object, String name) {
        return object.parameter(name).map(OdlParameter::value).filter(value -> !value.isBlank());
    }

    static long number(OdlObject object, String name, PdrdDisposition disposition) throws PdrFieldException {
        String value = required(object, name, disposition);
        if (!value.matches("[0-9]{1,18}")) {
            throw new PdrFieldException(disposition, name + " '" + value + "' on line " + line(object, name) + " is not a whole number");
        }
        return Long.parseLong(value);
    }

    /**
     * A time in CCSDS ASCII time code A (2004-10-01T00:03:00Z, fractions of a second allowed), UTC
     * whether or not it ends in Z; empty if absent.
     */
    static Optional<Instant> time(OdlObject object, String name) throws PdrFieldException {
        Optional<String> value = optional(object, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().replaceFirst("[Zz]$", "");
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new PdrFieldException(PdrdDisposition.INVALID_PVL_STATEMENT,
                    name + " '" + value.get() + "' on line " + line(object, name) + " is not a time such as 2004-10-01T00:03:00Z");
        }
        // A signed year such as +300000 parses, but the catalogue's database cannot store it.
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new PdrFieldException(PdrdDisposition.INVALID_PVL_STATEMENT,
                    name + " '" + value.get() + "' on line " + line(object, name) + " is outside the years 1 to 9999");
        }
        return Optional.of(time.toInstant(ZoneOffset.UTC));
    }

    static int line(OdlObject object, String name) {
        return object.parameter(name).map(OdlParameter::line).orElse(object.line());
    }

    static String where(OdlObject object) {
        return object.name().isEmpty() ? "the PDR" : object.name() + " of line " + object.line();
    }
}
