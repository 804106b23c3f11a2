package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A drift with the DDL events that touched its object, oldest first: who made the database
 * differ, from where, when, with which statement.
 *
 * <p>An event touches a drift when it names the drifted object itself ({@code CREATE INDEX}
 * names the index; dropping a column names the column), or when it names the table the object
 * belongs to and its statement mentions the object: PostgreSQL reports {@code ALTER TABLE ...
 * ADD COLUMN comment} as an event on the table, and the statement text tells which of the
 * table's alterations it was.
 */
public record AttributedDrift(Drift drift, List<DdlEvent> events) {
    /** What a DBA reads where the log names nobody. */
    public static final String NOT_LOGGED = "unknown (not logged)";
    /** The ways DDL escapes the log, for a drift it has no entry for. */
    static final String WHY_NOT_LOGGED = "it may predate the log, or was made while the log's event triggers were disabled or gone,"
            + " under session_replication_role = replica before they fired always, or with event_triggers = off";

    public AttributedDrift {
        requireNonNull(drift, "drift is null");
        events = List.copyOf(events);
    }

    public static List<AttributedDrift> attribute(List<Drift> drifts, List<DdlEvent> events) {
        List<AttributedDrift> attributed = new ArrayList<>();
        for (Drift drift : drifts) {
            attributed.add(new AttributedDrift(drift, events.stream().filter(event -> touches(event, drift)).toList()));
        }
        return attributed;
    }

    /**
     * {@code added by role alice from 10.0.0.7 at 2026-11-23T12:00:00Z: ALTER TABLE granule ADD
     * COLUMN comment text}, one line; several events are joined with {@code ; then }. Without an
     * event it says that who is unknown, and why the log may lack it: no entry is not "nobody".
     */
    public String explanation() {
        if (events.isEmpty()) {
            return drift.kind() == Drift.Kind.PROVENANCE ? NOT_LOGGED + ": the DDL log does not record changes to event triggers or settings"
                    : NOT_LOGGED + ": no DDL log entry names it; " + WHY_NOT_LOGGED;
        }
        String verb = switch (drift.kind()) {
            case UNEXPECTED -> "added";
            case MISSING -> "removed";
            case DIFFERENT, PROVENANCE -> "changed";
        };
        return verb + " " + events.stream().map(DdlEvent::summary).collect(Collectors.joining("; then "));
    }

    static boolean touches(DdlEvent event, Drift drift) {
        if (drift.name().equals(event.objectIdentity())) {
            return true;
        }
        return drift.table() != null && drift.table().equals(event.objectIdentity())
                && event.statement() != null && mentions(event.statement(), localName(drift));
    }

    /** The object's own name without its table or schema, unquoted: {@code comment} for {@code public.granule.comment}. */
    static String localName(Drift drift) {
        String name = drift.name();
        if (name.startsWith(drift.table() + ".")) {
            name = name.substring(drift.table().length() + 1); // a column
        } else if (name.endsWith(" on " + drift.table())) {
            name = name.substring(0, name.length() - drift.table().length() - 4); // a constraint or trigger
        } else {
            name = name.substring(name.lastIndexOf('.') + 1); // an index, named in its schema
        }
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    private static boolean mentions(String statement, String name) {
        Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\w$])");
        return word.matcher(statement.toLowerCase(Locale.ROOT)).find();
    }
}
