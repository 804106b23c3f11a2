package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Commented;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.Granted;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Owned;
import org.granary.patches.drift.CatalogObject.Publication;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.UserType;
import org.granary.patches.drift.CatalogObject.View;

/**
 * What an object has besides what makes it: owner, grants, comment, and for tables, columns and
 * views row-level security, storage parameters, replica identity, statistics target, storage and
 * compression. A {@code CREATE} leaves these at PostgreSQL's defaults ({@link #asMade}); the
 * statements here change them one by one, for repairs and after each {@code CREATE} of the schema
 * definition.
 */
final class Attributes {
    private Attributes() {
    }

    /**
     * The object as its {@code CREATE} makes it, its attributes at their defaults: two objects
     * whose {@code asMade} are equal differ only in what {@link #changes} repairs.
     */
    static CatalogObject asMade(CatalogObject object) {
        return switch (object) {
            case Schema schema -> new Schema(schema.name());
            case UserType type -> new UserType(type.name(), type.kind(), type.definition());
            case Routine routine -> new Routine(routine.name(), routine.kind(), routine.standardBody(), routine.definition());
            case Sequence s -> new Sequence(s.name(), s.dataType(), s.start(), s.increment(), s.minimum(), s.maximum(), s.cache(),
                    s.cycle(), s.ownedBy());
            case Table t -> new Table(t.name(), t.kind(), t.unlogged(), t.partitionKey(), t.partitionOf(), t.partitionBound());
            case Column c -> new Column(c.table(), c.name(), c.dataType(), c.collation(), c.notNull(), c.defaultExpression(),
                    c.identityGeneration(), c.generatedExpression());
            case Constraint c -> new Constraint(c.table(), c.name(), c.kind(), c.definition());
            case Index index -> new Index(index.name(), index.table(), index.definition(), index.valid());
            case View view -> new View(view.name(), view.materialized(), view.definition());
            case Trigger trigger -> new Trigger(trigger.table(), trigger.name(), trigger.definition(), trigger.enabled());
            case Publication p -> new Publication(p.name(), p.allTables(), p.operations(), p.viaPartitionRoot(), p.tables(),
                    p.schemas(), null, null);
            default -> object;
        };
    }

    /**
     * What gives an object just made by a role its attributes; {@code patchesRole} (null when
     * unknown, as in the schema definition) is whom it goes to when its owner is the patches' role.
     */
    static List<String> afterCreate(CatalogObject object, String patchesRole) {
        List<String> statements = new ArrayList<>();
        if (object instanceof Owned owned && (owned.owner() != null || patchesRole != null) && !followsItsTable(object)) {
            statements.add(ownerTo(object, Objects.requireNonNullElse(owned.owner(), patchesRole)));
        }
        statements.addAll(changes(object, asMade(object), patchesRole, false));
        return statements;
    }

    /** What turns {@code actual}'s attributes into {@code expected}'s, the owner first (it rewrites the grants). */
    static List<String> changes(CatalogObject expected, CatalogObject actual, String patchesRole) {
        return changes(expected, actual, patchesRole, true);
    }

    private static List<String> changes(CatalogObject expected, CatalogObject actual, String patchesRole, boolean owner) {
        List<String> statements = new ArrayList<>();
        if (owner && expected instanceof Owned owned && !Objects.equals(owned.owner(), ((Owned) actual).owner())
                && !followsItsTable(expected)) {
            statements.add(ownerTo(expected, owned.owner() != null ? owned.owner()
                    : Objects.requireNonNullElse(patchesRole, "CURRENT_USER")));
        }
        switch (expected) {
            case Table table -> tableChanges(table, (Table) actual, statements);
            case Column column -> columnChanges(column, (Column) actual, statements);
            case View view -> statements.addAll(storageParameters(keyword(view) + " " + view.name(),
                    ((View) actual).storageParameters(), view.storageParameters()));
            default -> {
            }
        }
        if (expected instanceof Granted granted) {
            statements.addAll(Grants.changes(((Granted) actual).grants(), granted.grants(), "ON " + grantTarget(expected),
                    expected instanceof Column column ? " (" + column.name() + ")" : "", ""));
        }
        if (expected instanceof Commented commented && !Objects.equals(commented.comment(), ((Commented) actual).comment())) {
            statements.add("COMMENT ON " + keyword(expected) + " " + expected.qualifiedName() + " IS "
                    + (commented.comment() == null ? "NULL" : Ddl.literal(commented.comment())) + ";");
        }
        return statements;
    }

    private static void tableChanges(Table expected, Table actual, List<String> statements) {
        String alter = "ALTER TABLE " + expected.name() + " ";
        if (!expected.rowLevelSecurity().equals(actual.rowLevelSecurity())) {
            statements.add(alter + (expected.rowLevelSecurity().equals("enabled") ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY;");
        }
        if (!expected.rowLevelSecurityForOwner().equals(actual.rowLevelSecurityForOwner())) {
            statements.add(alter + (expected.rowLevelSecurityForOwner().equals("forced") ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY;");
        }
        statements.addAll(storageParameters("TABLE " + expected.name(), actual.storageParameters(), expected.storageParameters()));
        if (!expected.replicaIdentity().equals(actual.replicaIdentity())) {
            String identity = expected.replicaIdentity();
            statements.add(alter + "REPLICA IDENTITY " + (identity.startsWith("using index ")
                    ? "USING INDEX " + identity.substring("using index ".length()) : identity.toUpperCase(Locale.ROOT)) + ";");
        }
    }

    /** {@code SET STORAGE DEFAULT} takes PostgreSQL 16; {@code SET STATISTICS -1} works on all. */
    private static void columnChanges(Column expected, Column actual, List<String> statements) {
        String alter = "ALTER TABLE " + expected.table() + " ALTER COLUMN " + expected.name() + " ";
        if (!Objects.equals(expected.statisticsTarget(), actual.statisticsTarget())) {
            statements.add(alter + "SET STATISTICS " + Objects.requireNonNullElse(expected.statisticsTarget(), -1) + ";");
        }
        if (!Objects.equals(expected.storage(), actual.storage())) {
            statements.add(alter + "SET STORAGE " + Objects.requireNonNullElse(expected.storage(), "DEFAULT") + ";");
        }
        if (!Objects.equals(expected.compression(), actual.compression())) {
            statements.add(alter + "SET COMPRESSION " + Objects.requireNonNullElse(expected.compression(), "DEFAULT") + ";");
        }
    }

    /** {@code RESET} what only the database has, {@code SET} what the patches have otherwise. */
    static List<String> storageParameters(String object, String actual, String expected) {
        Map<String, String> had = parameters(actual);
        Map<String, String> wanted = parameters(expected);
        List<String> reset = had.keySet().stream().filter(key -> !wanted.containsKey(key)).toList();
        List<String> set = wanted.entrySet().stream().filter(entry -> !entry.getValue().equals(had.get(entry.getKey())))
                .map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
        List<String> statements = new ArrayList<>();
        if (!reset.isEmpty()) {
            statements.add("ALTER " + object + " RESET (" + String.join(", ", reset) + ");");
        }
        if (!set.isEmpty()) {
            statements.add("ALTER " + object + " SET (" + String.join(", ", set) + ");");
        }
        return statements;
    }

    private static Map<String, String> parameters(String list) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (list != null) {
            Arrays.stream(list.split(", ", -1)).map(option -> option.split("=", 2))
                    .forEach(pair -> parameters.put(pair[0], pair.length > 1 ? pair[1] : "true"));
        }
        return parameters;
    }

    /** A sequence owned by a column belongs to the table's owner, and PostgreSQL refuses to give it to another. */
    private static boolean followsItsTable(CatalogObject object) {
        return object instanceof Sequence sequence && sequence.ownedBy() != null;
    }

    private static String ownerTo(CatalogObject object, String role) {
        return "ALTER " + keyword(object) + " " + object.qualifiedName() + " OWNER TO " + role + ";";
    }

    /** The word {@code COMMENT ON} and {@code ALTER ... OWNER TO} name the object's kind with. */
    static String keyword(CatalogObject object) {
        return switch (object) {
            case View view -> view.materialized() ? "MATERIALIZED VIEW" : "VIEW";
            case UserType type -> type.kind().equals("domain") ? "DOMAIN" : "TYPE";
            default -> object.objectType().toUpperCase(Locale.ROOT);
        };
    }

    /** What {@code GRANT ... ON} names: views and columns are granted on as tables are. */
    private static String grantTarget(CatalogObject object) {
        return switch (object) {
            case View view -> "TABLE " + view.name();
            case Column column -> "TABLE " + column.table();
            default -> keyword(object) + " " + object.qualifiedName();
        };
    }
}
