package org.granary.patches.drift;

import static java.util.Objects.requireNonNull;

/**
 * One way a database's schema differs from what its applied patches make.
 *
 * @param kind what is wrong with the object
 * @param objectType {@code table}, {@code column}, {@code index}, ... as {@link CatalogObject#objectType()}
 * @param name the object's qualified name, as the DDL log names it ({@code public.granule.comment})
 * @param table the table or view the object belongs to, or null for objects of their own
 * @param description one line for a DBA
 * @param repairDdl statements that bring the database back to what the patches make, one per
 *     line or more; lines starting with {@code -- } say what to check or do by hand. Review them:
 *     dropping an unexpected column drops the data in it.
 */
public record Drift(Kind kind, String objectType, String name, String table, String description, String repairDdl) {
    public enum Kind {
        /** The patches make it; the database lacks it. */
        MISSING,
        /** The database has it; no applied patch makes it. */
        UNEXPECTED,
        /** Both have it, but it is not what the patches make. */
        DIFFERENT,
        /**
         * Not the schema but its record: the DDL log's event triggers are gone, disabled, or do not
         * fire in every session, or a setting keeps them from firing ({@link ProvenanceCheck}).
         */
        PROVENANCE
    }

    public Drift {
        requireNonNull(kind, "kind is null");
        requireNonNull(objectType, "objectType is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(repairDdl, "repairDdl is null");
    }
}
