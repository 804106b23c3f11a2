package org.granary.patches.drift;

import static java.util.Objects.requireNonNull;

/**
 * One object of a database's schema as the catalog describes it, free of object ids, owners and
 * column positions, so that two databases made by the same statements describe equally. Names are
 * quoted where PostgreSQL needs quotes, and qualified as {@code pg_identify_object} qualifies them,
 * which is also how the DDL log names objects: that is what lets a drift find the DDL behind it.
 *
 * <p>Definitions come from PostgreSQL's own deparsers ({@code pg_get_indexdef}, ...) read with an
 * empty {@code search_path}, so every name in them is schema-qualified.
 */
public sealed interface CatalogObject {
    /** What it is, in words: {@code table}, {@code column}, {@code materialized view}, ... */
    String objectType();

    /** Its name as the DDL log gives it: {@code public.granule}, {@code public.granule.comment}, {@code granule_pkey on public.granule}. */
    String qualifiedName();

    /** The table or view it belongs to (for columns, constraints, indexes, triggers), or null. */
    default String table() {
        return null;
    }

    /** A schema; only its existence is compared. */
    record Schema(String name) implements CatalogObject {
        public Schema {
            requireNonNull(name, "name is null");
        }

        @Override
        public String objectType() {
            return "schema";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /** An installed extension; its member objects are its own business and are not listed. */
    record Extension(String name, String schema, String version) implements CatalogObject {
        public Extension {
            requireNonNull(name, "name is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(version, "version is null");
        }

        @Override
        public String objectType() {
            return "extension";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * An enum, domain, composite or range type. The definition is what follows {@code AS} in its
     * {@code CREATE TYPE} or {@code CREATE DOMAIN}; an enum's labels and a composite's attributes
     * keep their order, which is part of their meaning.
     */
    record UserType(String name, String kind, String definition) implements CatalogObject {
        public UserType {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        @Override
        public String objectType() {
            return kind.equals("domain") ? "domain" : "type";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * A function or procedure, named by its argument types as in {@code public.touch(integer)}. A
     * SQL-standard body ({@code BEGIN ATOMIC ... END} or {@code RETURN ...}) is parsed when the
     * routine is made, so the tables it names must exist by then.
     */
    record Routine(String name, String kind, boolean standardBody, String definition) implements CatalogObject {
        public Routine {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        @Override
        public String objectType() {
            return kind;
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * A sequence other than an identity column's (that one belongs to its column). {@code ownedBy}
     * is the column a {@code serial} or {@code OWNED BY} ties it to, or null.
     */
    record Sequence(String name, String dataType, long start, long increment, long minimum, long maximum,
            long cache, boolean cycle, String ownedBy) implements CatalogObject {
        public Sequence {
            requireNonNull(name, "name is null");
            requireNonNull(dataType, "dataType is null");
        }

        @Override
        public String objectType() {
            return "sequence";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * A table. {@code kind} is {@code table} or {@code partitioned table}; a partitioned table has
     * a {@code partitionKey} such as {@code RANGE (acquired_at)}; a partition names its parent in
     * {@code partitionOf} and its bound such as {@code FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')}.
     */
    record Table(String name, String kind, boolean unlogged, String partitionKey, String partitionOf,
            String partitionBound) implements CatalogObject {
        public Table {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
        }

        @Override
        public String objectType() {
            return "table";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * A column of a table that is not a partition (a partition's columns are its parent's).
     * {@code identityGeneration} is {@code ALWAYS} or {@code BY DEFAULT} for identity columns;
     * {@code generatedExpression} is set for stored generated columns. {@code collation} is set
     * only where it differs from the type's.
     */
    record Column(String table, String name, String dataType, String collation, boolean notNull,
            String defaultExpression, String identityGeneration, String generatedExpression) implements CatalogObject {
        public Column {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(dataType, "dataType is null");
        }

        @Override
        public String objectType() {
            return "column";
        }

        @Override
        public String qualifiedName() {
            return table + "." + name;
        }
    }

    /** A table constraint (check, unique, primary key, foreign key, exclusion) as {@code pg_get_constraintdef} gives it. */
    record Constraint(String table, String name, String kind, String definition) implements CatalogObject {
        public Constraint {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        @Override
        public String objectType() {
            return "constraint";
        }

        @Override
        public String qualifiedName() {
            return name + " on " + table;
        }
    }

    /**
     * An index that no constraint owns (a primary key's index is part of the constraint) and that
     * is not a partition's copy of its parent's index. An invalid index is what a failed
     * {@code CREATE INDEX CONCURRENTLY} leaves.
     */
    record Index(String name, String table, String definition, boolean valid) implements CatalogObject {
        public Index {
            requireNonNull(name, "name is null");
            requireNonNull(table, "table is null");
            requireNonNull(definition, "definition is null");
        }

        @Override
        public String objectType() {
            return "index";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /** A view or materialized view, with its query as {@code pg_get_viewdef} gives it. */
    record View(String name, boolean materialized, String definition) implements CatalogObject {
        public View {
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
        }

        @Override
        public String objectType() {
            return materialized ? "materialized view" : "view";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * A trigger written by someone (not one PostgreSQL makes for a foreign key, nor a partition's
     * clone of its parent's). {@code enabled} is {@code enabled}, {@code disabled}, {@code replica}
     * or {@code always}.
     */
    record Trigger(String table, String name, String definition, String enabled) implements CatalogObject {
        public Trigger {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
            requireNonNull(enabled, "enabled is null");
        }

        @Override
        public String objectType() {
            return "trigger";
        }

        @Override
        public String qualifiedName() {
            return name + " on " + table;
        }
    }
}
