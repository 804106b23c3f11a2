package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * Every user schema of one database (all but the system schemas and {@code granary_patches}),
 * as a sorted list of catalog objects. Two databases whose schemas are equal give equal
 * snapshots, whatever order their objects were made in and whichever role applied their patches.
 *
 * <p>The order is one a script can mostly run in: schemas, extensions, types, routines,
 * sequences, tables (parents before partitions), columns, views, routines with SQL-standard
 * bodies (which name tables), constraints, indexes, foreign keys, triggers; by name within each.
 * It goes by kind, not by each object's dependencies: a view on a view of a later name, or a
 * {@code LANGUAGE sql} function reading a table, may need {@code check_function_bodies} off or a
 * reordering by hand.
 */
public record CatalogSnapshot(List<CatalogObject> objects, Map<String, Long> creationOrder, String patchesRole) {
    /** The canonical order of objects; comparisons and renderings follow it. */
    static final Comparator<CatalogObject> ORDER = Comparator.comparingInt(CatalogSnapshot::rank)
            .thenComparing(object -> object instanceof Table table && table.partitionOf() != null)
            .thenComparing(object -> Objects.toString(object.table(), ""))
            .thenComparing(CatalogObject::qualifiedName);

    /**
     * {@code creationOrder} maps {@link #key} of an object to the order it was made in this
     * database: its object id, or for a column its number within its table. It orders repairs and
     * a missing table's columns, and is not part of what a snapshot is: two snapshots are equal when
     * their objects are, as two databases made in different orders have equal schemas.
     * {@code patchesRole} is the (quoted) name of the role that applies the patches to this
     * database, whom objects whose owner is null belong to; repairs give objects back to it. Null
     * when unknown: repairs then give them to {@code CURRENT_USER}.
     */
    public CatalogSnapshot {
        List<CatalogObject> sorted = new ArrayList<>(objects);
        sorted.sort(ORDER);
        Set<String> seen = new HashSet<>();
        for (CatalogObject object : sorted) {
            if (!seen.add(key(object))) {
                throw new IllegalArgumentException("two " + object.objectType() + "s named " + object.qualifiedName());
            }
        }
        objects = List.copyOf(sorted);
        creationOrder = Map.copyOf(creationOrder);
    }

    /** A snapshot whose patches' role is unknown. */
    public CatalogSnapshot(List<CatalogObject> objects, Map<String, Long> creationOrder) {
        this(objects, creationOrder, null);
    }

    /** A snapshot whose creation order is unknown: objects are then taken in canonical order. */
    public CatalogSnapshot(List<CatalogObject> objects) {
        this(objects, Map.of());
    }

    /**
     * Reads the schema of the database {@code connection} is connected to, in one read-only
     * transaction of its own: the connection must be in auto-commit mode.
     */
    public static CatalogSnapshot read(Connection connection) throws SQLException {
        return CatalogReader.read(connection);
    }

    /** The objects of one kind, in order: {@code snapshot.all(CatalogObject.Column.class)}. */
    public <T extends CatalogObject> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Equal when the objects are equal, whatever order they were made in. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CatalogSnapshot snapshot && objects.equals(snapshot.objects);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }

    @Override
    public String toString() {
        return "CatalogSnapshot" + objects;
    }

    /** Where {@code object} came in the order this database made its objects; 0 when unknown. */
    long creationOrderOf(CatalogObject object) {
        return creationOrder.getOrDefault(key(object), 0L);
    }

    /** Identifies an object within a snapshot: a column and a table never share a key. */
    static String key(CatalogObject object) {
        return object.getClass().getSimpleName() + " " + object.qualifiedName();
    }

    private static int rank(CatalogObject object) {
        return switch (object) {
            case Schema ignored -> 0;
            case Extension ignored -> 1;
            case UserType ignored -> 2;
            case Routine routine -> routine.standardBody() ? 8 : 3;
            case Sequence ignored -> 4;
            case Table ignored -> 5;
            case Column ignored -> 6;
            case View ignored -> 7;
            case Constraint constraint -> constraint.kind().equals("foreign key") ? 11 : 9;
            case Index ignored -> 10;
            case Trigger ignored -> 12;
            case Policy ignored -> 13;
            case Publication ignored -> 14;
            case DefaultPrivileges ignored -> 15;
        };
    }
}
