package org.granary.patches.drift;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.DefaultPrivileges;
import org.granary.patches.drift.CatalogObject.Extension;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Policy;
import org.granary.patches.drift.CatalogObject.Publication;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.UserType;
import org.granary.patches.drift.CatalogObject.View;

/**
 * Compares the schema the applied patches make with the one a database has.
 *
 * <p>The drifts come in an order their repairs can run in, as one script: unexpected objects
 * first, dependents before what they depend on; then objects that differ; then missing objects,
 * what others depend on first. A table or view unexpected as a whole is one drift, whose repair
 * drops everything on it; one missing as a whole is one drift with its columns, checks, keys and
 * indexes, and its foreign keys and triggers are drifts of their own.
 *
 * <p>A partitioned table whose patches make none of its partitions has its partitions made at run
 * time by its service (db-monitor's daily {@code sample_YYYYMMDD}, made ahead and dropped after
 * their retention): those partitions are data coming and going, not drift. Their columns, keys and
 * indexes are the parent's, which is compared. A partitioned table whose patches make partitions
 * is compared partition by partition.
 */
public final class SchemaComparison {
    private SchemaComparison() {
    }

    public static List<Drift> compare(CatalogSnapshot expected, CatalogSnapshot actual) {
        Map<String, CatalogObject> expectedByKey = byKey(expected);
        Map<String, CatalogObject> actualByKey = byKey(actual);
        Set<String> missingRelations = relationsOnlyIn(expected, actualByKey);
        Set<String> unexpectedRelations = relationsOnlyIn(actual, expectedByKey);
        String patchesRole = actual.patchesRole();

        List<Pair> unexpected = new ArrayList<>();
        List<Pair> different = new ArrayList<>();
        List<Pair> missing = new ArrayList<>();
        for (CatalogObject object : expected.objects()) {
            CatalogObject found = actualByKey.get(CatalogSnapshot.key(object));
            if (found == null && !madeWith(object, missingRelations)) {
                missing.add(drift(Drift.Kind.MISSING, object, object.objectType() + " " + object.qualifiedName()
                        + " is missing: the applied patches make it but the database does not have it",
                        create(object, expected, missingRelations, patchesRole)));
            } else if (found != null && !found.equals(object)) {
                different.add(drift(Drift.Kind.DIFFERENT, object, object.objectType() + " " + object.qualifiedName()
                        + " differs from what the applied patches make: " + String.join("; ", differences(object, found)),
                        Alterations.alter(object, found, patchesRole)));
            }
        }
        Set<String> partitionedAtRunTime = partitionedAtRunTime(expected);
        for (CatalogObject object : actual.objects()) {
            if (object instanceof Table table && table.partitionOf() != null && partitionedAtRunTime.contains(table.partitionOf())) {
                continue;
            }
            if (!expectedByKey.containsKey(CatalogSnapshot.key(object)) && !droppedWith(object, unexpectedRelations)) {
                unexpected.add(drift(Drift.Kind.UNEXPECTED, object, object.objectType() + " " + object.qualifiedName()
                        + " exists in the database but no applied patch makes it", Ddl.drop(object, patchesRole)));
            }
        }
        List<Drift> drifts = new ArrayList<>(inRepairOrder(unexpected, actual).reversed());
        // A publication's tables may be missing tables: it is repaired after they are made.
        drifts.addAll(inRepairOrder(different.stream().filter(pair -> !(pair.object() instanceof Publication)).toList(), expected));
        drifts.addAll(inRepairOrder(missing, expected));
        drifts.addAll(inRepairOrder(different.stream().filter(pair -> pair.object() instanceof Publication).toList(), expected));
        return List.copyOf(drifts);
    }

    /** Partitioned tables the patches make without any partition. */
    private static Set<String> partitionedAtRunTime(CatalogSnapshot expected) {
        List<Table> tables = expected.all(Table.class);
        Set<String> parents = tables.stream().map(Table::partitionOf).filter(Objects::nonNull).collect(Collectors.toSet());
        return tables.stream().filter(table -> "partitioned table".equals(table.kind()) && !parents.contains(table.name()))
                .map(Table::name).collect(Collectors.toSet());
    }

    /**
     * Kinds that depend on one another only one way go by kind: schemas, extensions, types and
     * sequences first; columns, constraints, indexes, foreign keys and triggers last. Routines,
     * tables and views can depend on each other either way (a view calling a function that reads
     * a table), so they go in the order the database made them, which worked there.
     */
    private static List<Drift> inRepairOrder(List<Pair> drifts, CatalogSnapshot snapshot) {
        Comparator<Pair> order = Comparator.<Pair>comparingInt(pair -> group(pair.object()))
                .thenComparingLong(pair -> group(pair.object()) == 4 ? made(pair.object(), snapshot) : 0)
                .thenComparing(Pair::object, CatalogSnapshot.ORDER);
        return drifts.stream().sorted(order).map(Pair::drift).toList();
    }

    private static int group(CatalogObject object) {
        return switch (object) {
            case Schema ignored -> 0;
            case Extension ignored -> 1;
            case DefaultPrivileges ignored -> 1;
            case UserType ignored -> 2;
            case Sequence ignored -> 3;
            case Routine ignored -> 4;
            case Table ignored -> 4;
            case View ignored -> 4;
            case Column ignored -> 5;
            case Constraint constraint -> constraint.kind().equals("foreign key") ? 8 : 6;
            case Index ignored -> 7;
            case Trigger ignored -> 9;
            case Policy ignored -> 9;
            case Publication ignored -> 10;
        };
    }

    /** A partition can only be made after its parent, even one attached to a parent made later. */
    private static long made(CatalogObject object, CatalogSnapshot snapshot) {
        long made = snapshot.creationOrderOf(object);
        if (object instanceof Table table && table.partitionOf() != null) {
            made = Math.max(made, snapshot.creationOrder().getOrDefault("Table " + table.partitionOf(), 0L));
        }
        return made;
    }

    /** A drift with the object it is about, until the drifts are in order. */
    private record Pair(Drift drift, CatalogObject object) {
    }

    private static Pair drift(Drift.Kind kind, CatalogObject object, String description, String repair) {
        String concurrently = object instanceof Index ? concurrently(repair) : repair;
        return new Pair(new Drift(kind, object.objectType(), object.qualifiedName(), object.table(), description, concurrently), object);
    }

    private static final java.util.regex.Pattern INDEX_DDL = java.util.regex.Pattern.compile(
            "(?m)^(CREATE (?:UNIQUE )?INDEX|DROP INDEX) (?!CONCURRENTLY )");

    /**
     * An index is built and dropped {@code CONCURRENTLY} in a repair: on a large table a plain
     * {@code CREATE INDEX} blocks every write for the whole build, and the repair runs on a live
     * database. (Outside a transaction block, as PostgreSQL requires; a table made by the same
     * repair gets its indexes with it, plainly, as it is empty.)
     */
    static String concurrently(String repair) {
        return INDEX_DDL.matcher(repair).replaceAll("$1 CONCURRENTLY ");
    }

    /**
     * A missing table is made with its columns in their order, its checks, keys and indexes; a
     * sequence it owns is made before it (its columns' defaults name it) and tied to it after.
     */
    private static String create(CatalogObject object, CatalogSnapshot expected, Set<String> missingRelations, String patchesRole) {
        if (object instanceof Sequence sequence && ownedByOneOf(sequence, missingRelations)) {
            List<String> statements = new ArrayList<>(List.of(Ddl.createSequence(sequence)));
            statements.addAll(Attributes.afterCreate(sequence, patchesRole));
            return String.join("\n", statements);
        }
        if (!(object instanceof Table) && !(object instanceof View)) {
            return Ddl.create(object, expected, patchesRole);
        }
        List<String> statements = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        if (object instanceof Table table) {
            // In the order the patches made them, which the expected snapshot knows.
            List<Column> columns = expected.all(Column.class).stream().filter(column -> column.table().equals(table.name()))
                    .sorted(Comparator.comparingLong(expected::creationOrderOf)).toList();
            statements.add(Ddl.createTable(table, columns));
            attributes.addAll(Attributes.afterCreate(table, patchesRole));
            columns.forEach(column -> attributes.addAll(Attributes.afterCreate(column, patchesRole)));
        } else {
            statements.add(Ddl.create(object, expected, patchesRole));
        }
        for (CatalogObject part : expected.objects()) {
            if (object.qualifiedName().equals(part.table()) && !(part instanceof Column) && madeWith(part, missingRelations)) {
                statements.add(Ddl.create(part, expected, patchesRole));
            }
        }
        for (Sequence sequence : expected.all(Sequence.class)) {
            if (ownedByOneOf(sequence, Set.of(object.qualifiedName()))) {
                statements.add(Ddl.ownedBy(sequence));
            }
        }
        // After its indexes: a replica identity may name one.
        statements.addAll(attributes);
        return String.join("\n", statements);
    }

    /** Attribute by attribute, in words: {@code data type is text in the database, bigint by the patches}. */
    static List<String> differences(CatalogObject expected, CatalogObject actual) {
        List<String> differences = new ArrayList<>();
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object wanted = value(component, expected);
            Object found = value(component, actual);
            if (!Objects.equals(wanted, found)) {
                String attribute = words(component.getName());
                String none = unset(component.getName());
                differences.add(tooLongForOneLine(wanted) || tooLongForOneLine(found)
                        ? attribute + " differs"
                        : attribute + " is " + Objects.requireNonNullElse(found, none) + " in the database, "
                                + Objects.requireNonNullElse(wanted, none) + " by the patches");
            }
        }
        return differences;
    }

    /** What a null attribute means: an owner or role that is the patches' role, a setting at its default. */
    private static String unset(String component) {
        return switch (component) {
            case "owner", "role" -> "the patches' role";
            case "statisticsTarget", "storage", "compression" -> "the default";
            default -> "none";
        };
    }

    private static Object value(RecordComponent component, CatalogObject object) {
        try {
            return component.getAccessor().invoke(object);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + object, e);
        }
    }

    private static boolean tooLongForOneLine(Object value) {
        return value != null && (value.toString().contains("\n") || value.toString().length() > 60);
    }

    /** {@code defaultExpression} becomes {@code default expression}. */
    private static String words(String camelCase) {
        return camelCase.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, CatalogObject> byKey(CatalogSnapshot snapshot) {
        return snapshot.objects().stream().collect(Collectors.toMap(CatalogSnapshot::key, Function.identity()));
    }

    private static Set<String> relationsOnlyIn(CatalogSnapshot snapshot, Map<String, CatalogObject> other) {
        Set<String> names = new HashSet<>();
        for (CatalogObject object : snapshot.objects()) {
            if ((object instanceof Table || object instanceof View) && !other.containsKey(CatalogSnapshot.key(object))) {
                names.add(object.qualifiedName());
            }
        }
        return names;
    }

    /**
     * Making a table makes its columns, checks, keys and indexes in the same repair. Its foreign
     * keys and triggers stay drifts of their own, made last: they name other tables and functions
     * that may be missing too.
     */
    private static boolean madeWith(CatalogObject object, Set<String> relations) {
        return object.table() != null && relations.contains(object.table()) && !(object instanceof Trigger)
                && !(object instanceof Policy)
                && !(object instanceof Constraint constraint && constraint.kind().equals("foreign key"));
    }

    /** Dropping a table drops everything on it, its partitions and the sequences it owns. */
    private static boolean droppedWith(CatalogObject object, Set<String> relations) {
        return (object.table() != null && relations.contains(object.table()))
                || (object instanceof Table table && table.partitionOf() != null && relations.contains(table.partitionOf()))
                || (object instanceof Sequence sequence && ownedByOneOf(sequence, relations));
    }

    private static boolean ownedByOneOf(Sequence sequence, Set<String> tables) {
        return sequence.ownedBy() != null && tables.stream().anyMatch(table -> sequence.ownedBy().startsWith(table + "."));
    }
}
