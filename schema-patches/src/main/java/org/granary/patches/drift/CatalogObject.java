package org.granary.patches.drift;

import static java.util.Objects.requireNonNull;

/**
 * One object of a database's schema as the catalog describes it, free of object ids, column
 * positions and the name of the role that applies the patches (see {@link Owned}), so that two
 * databases made by the same statements describe equally. Names are
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

    /**
     * An object with an owner. The owner is null when it is the role that applies the patches (the
     * owner of {@code granary_patches.ledger}), which differs between a scratch database and the
     * target, and the role's name otherwise.
     */
    sealed interface Owned extends CatalogObject {
        String owner();
    }

    /**
     * An object with privileges. {@code grants} are those held by roles other than its owner, as a
     * sorted list such as {@code PUBLIC: EXECUTE; reader: SELECT; writer (with grant option): UPDATE},
     * or null when there are none; see {@link Grants}.
     */
    sealed interface Granted extends CatalogObject {
        String grants();
    }

    /** An object with a comment ({@code COMMENT ON}), or null when it has none. */
    sealed interface Commented extends CatalogObject {
        String comment();
    }

    /** A schema, with its owner, grants and comment. */
    record Schema(String name, String owner, String grants, String comment) implements Owned, Granted, Commented {
        public Schema {
            requireNonNull(name, "name is null");
        }

        public Schema(String name) {
            this(name, null, null, null);
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
    record UserType(String name, String kind, String definition, String owner, String grants, String comment)
            implements Owned, Granted, Commented {
        public UserType {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        public UserType(String name, String kind, String definition) {
            this(name, kind, definition, null, Grants.defaultFor("type"), null);
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
    record Routine(String name, String kind, boolean standardBody, String definition, String owner, String grants,
            String comment) implements Owned, Granted, Commented {
        public Routine {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        public Routine(String name, String kind, boolean standardBody, String definition) {
            this(name, kind, standardBody, definition, null, Grants.defaultFor("function"), null);
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
     * is the column a {@code serial} or {@code OWNED BY} ties it to, or null. A sequence tied to a
     * column has its table's owner, whatever that is: its own owner is not recorded (null).
     */
    record Sequence(String name, String dataType, long start, long increment, long minimum, long maximum,
            long cache, boolean cycle, String ownedBy, String owner, String grants, String comment)
            implements Owned, Granted, Commented {
        public Sequence {
            requireNonNull(name, "name is null");
            requireNonNull(dataType, "dataType is null");
            owner = ownedBy == null ? owner : null;
        }

        public Sequence(String name, String dataType, long start, long increment, long minimum, long maximum, long cache,
                boolean cycle, String ownedBy) {
            this(name, dataType, start, increment, minimum, maximum, cache, cycle, ownedBy, null, null, null);
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
     * {@code rowLevelSecurity} is {@code enabled} or {@code disabled}, {@code rowLevelSecurityForOwner}
     * {@code forced} or {@code not forced}; {@code storageParameters} are its sorted
     * {@code reloptions} ({@code autovacuum_enabled=false, fillfactor=70}) or null;
     * {@code replicaIdentity} is {@code default}, {@code full}, {@code nothing} or
     * {@code using index <index>}.
     */
    record Table(String name, String kind, boolean unlogged, String partitionKey, String partitionOf,
            String partitionBound, String rowLevelSecurity, String rowLevelSecurityForOwner, String storageParameters,
            String replicaIdentity, String owner, String grants, String comment) implements Owned, Granted, Commented {
        public Table {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(rowLevelSecurity, "rowLevelSecurity is null");
            requireNonNull(rowLevelSecurityForOwner, "rowLevelSecurityForOwner is null");
            requireNonNull(replicaIdentity, "replicaIdentity is null");
        }

        public Table(String name, String kind, boolean unlogged, String partitionKey, String partitionOf,
                String partitionBound) {
            this(name, kind, unlogged, partitionKey, partitionOf, partitionBound, "disabled", "not forced", null, "default",
                    null, null, null);
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
     * only where it differs from the type's. {@code statisticsTarget} is null for the default;
     * {@code storage} ({@code PLAIN}, {@code MAIN}, {@code EXTERNAL}, {@code EXTENDED}) is set only
     * where it differs from the type's; {@code compression} ({@code pglz}, {@code lz4}) only where
     * set. {@code grants} are column privileges.
     */
    record Column(String table, String name, String dataType, String collation, boolean notNull,
            String defaultExpression, String identityGeneration, String generatedExpression, Integer statisticsTarget,
            String storage, String compression, String grants, String comment) implements Granted, Commented {
        public Column {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(dataType, "dataType is null");
        }

        public Column(String table, String name, String dataType, String collation, boolean notNull,
                String defaultExpression, String identityGeneration, String generatedExpression) {
            this(table, name, dataType, collation, notNull, defaultExpression, identityGeneration, generatedExpression,
                    null, null, null, null, null);
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
    record Constraint(String table, String name, String kind, String definition, String comment) implements Commented {
        public Constraint {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(definition, "definition is null");
        }

        public Constraint(String table, String name, String kind, String definition) {
            this(table, name, kind, definition, null);
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
     * {@code CREATE INDEX CONCURRENTLY} leaves. Its storage parameters are in its definition's
     * {@code WITH (...)}.
     */
    record Index(String name, String table, String definition, boolean valid, String comment) implements Commented {
        public Index {
            requireNonNull(name, "name is null");
            requireNonNull(table, "table is null");
            requireNonNull(definition, "definition is null");
        }

        public Index(String name, String table, String definition, boolean valid) {
            this(name, table, definition, valid, null);
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

    /**
     * A view or materialized view, with its query as {@code pg_get_viewdef} gives it. Its
     * {@code storageParameters} are sorted {@code reloptions}: {@code fillfactor} of a materialized
     * view, {@code security_barrier} or {@code check_option} of a view.
     */
    record View(String name, boolean materialized, String definition, String storageParameters, String owner,
            String grants, String comment) implements Owned, Granted, Commented {
        public View {
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
        }

        public View(String name, boolean materialized, String definition) {
            this(name, materialized, definition, null, null, null, null);
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
    record Trigger(String table, String name, String definition, String enabled, String comment) implements Commented {
        public Trigger {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
            requireNonNull(enabled, "enabled is null");
        }

        public Trigger(String table, String name, String definition, String enabled) {
            this(table, name, definition, enabled, null);
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

    /**
     * A row-level security policy. {@code mode} is {@code PERMISSIVE} or {@code RESTRICTIVE},
     * {@code command} {@code ALL}, {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE},
     * {@code roles} the sorted roles it applies to ({@code PUBLIC} for all); {@code using} and
     * {@code withCheck} are its expressions, or null.
     */
    record Policy(String table, String name, String mode, String command, String roles, String using, String withCheck)
            implements CatalogObject {
        public Policy {
            requireNonNull(table, "table is null");
            requireNonNull(name, "name is null");
            requireNonNull(mode, "mode is null");
            requireNonNull(command, "command is null");
            requireNonNull(roles, "roles is null");
        }

        @Override
        public String objectType() {
            return "policy";
        }

        @Override
        public String qualifiedName() {
            return name + " on " + table;
        }
    }

    /**
     * A publication for logical replication. {@code operations} are those it publishes
     * ({@code insert, update, delete, truncate}); {@code tables} its tables, each with its column list
     * and row filter where it has them ({@code public.granule (id, name) WHERE (size_bytes > 0)}), and
     * {@code schemas} the schemas it publishes all tables of, or null.
     */
    record Publication(String name, boolean allTables, String operations, boolean viaPartitionRoot, String tables,
            String schemas, String owner, String comment) implements Owned, Commented {
        public Publication {
            requireNonNull(name, "name is null");
            requireNonNull(operations, "operations is null");
        }

        @Override
        public String objectType() {
            return "publication";
        }

        @Override
        public String qualifiedName() {
            return name;
        }
    }

    /**
     * Default privileges ({@code ALTER DEFAULT PRIVILEGES}): what a role's future objects of one
     * kind (tables, sequences, functions, types or schemas) grant, in one schema or (schema null) everywhere. {@code role} is null for the role that
     * applies the patches, as an owner is; {@code grants} are those to other roles, as on an object.
     */
    record DefaultPrivileges(String role, String schema, String objects, String grants) implements CatalogObject {
        public DefaultPrivileges {
            requireNonNull(objects, "objects is null");
        }

        @Override
        public String objectType() {
            return "default privileges";
        }

        @Override
        public String qualifiedName() {
            return "on " + objects + (schema == null ? "" : " in schema " + schema) + " for "
                    + (role == null ? "the patches' role" : "role " + role);
        }
    }
}
