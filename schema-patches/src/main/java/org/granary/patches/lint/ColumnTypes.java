package org.granary.patches.lint;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column type changes PostgreSQL makes without rewriting the table. Deliberately short:
 * a change not listed here is taken for a rewrite.
 */
final class ColumnTypes {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"),
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("int2", "smallint"),
            Map.entry("decimal", "numeric"),
            Map.entry("bool", "boolean"),
            Map.entry("float8", "double precision"),
            Map.entry("float4", "real"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("time", "time without time zone"),
            Map.entry("timetz", "time with time zone"));
    private static final Pattern VARCHAR = Pattern.compile("character varying(?:\\((\\d+)\\))?");
    private static final Pattern NUMERIC = Pattern.compile("numeric(?:\\((\\d+)(?:,(-?\\d+))?\\))?");

    private ColumnTypes() {
    }

    /** One spelling per type, the one {@code format_type} uses: {@code VARCHAR (50)} becomes {@code character varying(50)}. */
    static String normalise(String type) {
        String spelled = type.strip().toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .replaceAll(" ?([(),]) ?", "$1")
                .replaceFirst("^pg_catalog\\.", "");
        int bracket = spelled.indexOf('(');
        String base = bracket < 0 ? spelled : spelled.substring(0, bracket);
        return ALIASES.getOrDefault(base, base) + (bracket < 0 ? "" : spelled.substring(bracket));
    }

    /**
     * True only for changes known to leave every row as it is: the same type, {@code varchar(n)}
     * to a longer {@code varchar}, unbounded {@code varchar} or {@code text}, and {@code numeric}
     * to more precision at the same scale, or to unconstrained {@code numeric}.
     */
    static boolean changesWithoutRewrite(String oldType, String newType) {
        String from = normalise(oldType);
        String to = normalise(newType);
        if (from.equals(to)) {
            return true;
        }
        Matcher fromVarchar = VARCHAR.matcher(from);
        Matcher toVarchar = VARCHAR.matcher(to);
        if (fromVarchar.matches()) {
            if (to.equals("text")) {
                return true;
            }
            return toVarchar.matches() && (toVarchar.group(1) == null
                    || (fromVarchar.group(1) != null && Long.parseLong(toVarchar.group(1)) >= Long.parseLong(fromVarchar.group(1))));
        }
        Matcher fromNumeric = NUMERIC.matcher(from);
        Matcher toNumeric = NUMERIC.matcher(to);
        if (fromNumeric.matches() && fromNumeric.group(1) != null && toNumeric.matches()) {
            return toNumeric.group(1) == null
                    || (scale(toNumeric) == scale(fromNumeric) && Long.parseLong(toNumeric.group(1)) >= Long.parseLong(fromNumeric.group(1)));
        }
        return false;
    }

    private static long scale(Matcher numeric) {
        return numeric.group(2) == null ? 0 : Long.parseLong(numeric.group(2));
    }
}
