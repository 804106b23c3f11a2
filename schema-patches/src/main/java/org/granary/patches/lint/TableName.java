package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * A table's name as PostgreSQL resolves it: unquoted identifiers folded to lower case, quoted ones
 * kept exactly. {@code schema} is null when the SQL left the schema to the {@code search_path}.
 */
public record TableName(String schema, String name) {
    public TableName {
        requireNonNull(name, "name is null");
        if (name.isEmpty() || (schema != null && schema.isEmpty())) {
            throw new IllegalArgumentException("empty identifier in table name " + schema + "." + name);
        }
    }

    /**
     * Reads a name as SQL spells it: {@code granule}, {@code archive.granule},
     * {@code "Archive"."Granule"}. A database-qualified name keeps its last two parts.
     */
    public static TableName parse(String sqlName) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < sqlName.length(); i++) {
            char c = sqlName.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(identifier(sqlName.substring(start, i)));
                start = i + 1;
            }
        }
        parts.add(identifier(sqlName.substring(start)));
        String name = parts.getLast();
        return new TableName(parts.size() > 1 ? parts.get(parts.size() - 2) : null, name);
    }

    /** One identifier as PostgreSQL stores it: quotes removed, or folded to lower case. */
    static String identifier(String spelled) {
        String identifier = spelled.strip();
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }

    /** The identifier as SQL must spell it to mean the same object. */
    static String quoted(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The same table name in the given schema, e.g. to resolve an unqualified name. */
    public TableName inSchema(String schemaName) {
        return new TableName(schemaName, name);
    }

    /** Same table, allowing for one of the two leaving its schema to the search_path. */
    boolean sameTableAs(TableName other) {
        return name.equals(other.name) && (schema == null || other.schema == null || Objects.equals(schema, other.schema));
    }

    @Override
    public String toString() {
        return schema == null ? quoted(name) : quoted(schema) + "." + quoted(name);
    }
}
