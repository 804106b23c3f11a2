package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * The statements that make or remove one catalog object, for repairs and for the schema
 * definition file. Names in the objects are already quoted, so they are used as they are.
 */
final class Ddl {
    private Ddl() {
    }

    /** What makes {@code object} as the schema definition shows it: owned by the patches' role, unnamed. */
    static String create(CatalogObject object, CatalogSnapshot snapshot) {
        return create(object, snapshot, null);
    }

    /**
     * What makes {@code object} with its attributes (owner, grants, comment, ...); a table takes
     * its columns from {@code snapshot}, which nothing else reads. An object owned by the patches'
     * role is given to {@code patchesRole} unless that is null.
     */
    static String create(CatalogObject object, CatalogSnapshot snapshot, String patchesRole) {
        List<String> statements = new ArrayList<>();
        statements.add(bare(object, snapshot, patchesRole));
        statements.addAll(Attributes.afterCreate(object, patchesRole));
        if (object instanceof Table table && snapshot != null) {
            for (Column column : snapshot.all(Column.class)) {
                if (column.table().equals(table.name())) {
                    statements.addAll(Attributes.afterCreate(column, patchesRole));
                }
            }
        }
        return String.join("\n", statements.stream().filter(statement -> !statement.isEmpty()).toList());
    }

    /** The {@code CREATE} alone, which leaves the attributes at their defaults. */
    static String bare(CatalogObject object, CatalogSnapshot snapshot, String patchesRole) {
        return switch (object) {
            case Schema schema -> "CREATE SCHEMA " + schema.name() + ";";
            case Extension extension -> "CREATE EXTENSION IF NOT EXISTS " + extension.name() + " WITH SCHEMA "
                    + extension.schema() + " VERSION " + literal(extension.version()) + ";";
            case UserType type -> (type.kind().equals("domain") ? "CREATE DOMAIN " : "CREATE TYPE ") + type.name()
                    + " AS " + type.definition() + ";";
            case Routine routine -> routine.definition().stripTrailing() + ";";
            case Sequence sequence -> createSequence(sequence) + (sequence.ownedBy() == null ? "" : "\n" + ownedBy(sequence));
            case Table table -> createTable(table, snapshot.all(Column.class).stream()
                    .filter(column -> column.table().equals(table.name())).toList());
            case Column column -> "ALTER TABLE " + column.table() + " ADD COLUMN " + columnDefinition(column) + ";";
            case Constraint constraint -> addConstraint(constraint);
            case Index index -> createIndex(index)
                    + (index.valid() ? "" : "\n-- invalid: a CREATE INDEX CONCURRENTLY failed and left it half made");
            case View view -> (view.materialized() ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + view.name() + " AS\n"
                    + viewQuery(view);
            case Trigger trigger -> trigger.definition() + ";"
                    + (trigger.enabled().equals("enabled") ? "" : "\n" + enable(trigger));
            case Policy policy -> createPolicy(policy);
            case Publication publication -> createPublication(publication);
            case DefaultPrivileges privileges -> String.join("\n", defaultPrivileges(privileges,
                    Grants.defaultFor(privileges.schema() == null ? privileges.objects() : ""), privileges.grants(), patchesRole));
        };
    }

    /** What removes {@code object}, with a warning where that loses data. */
    static String drop(CatalogObject object) {
        return drop(object, null);
    }

    /** As {@link #drop(CatalogObject)}; default privileges of the patches' role name it. */
    static String drop(CatalogObject object, String patchesRole) {
        return switch (object) {
            case Schema schema -> "DROP SCHEMA " + schema.name() + ";";
            case Extension extension -> "DROP EXTENSION " + extension.name() + ";";
            case UserType type -> (type.kind().equals("domain") ? "DROP DOMAIN " : "DROP TYPE ") + type.name() + ";";
            case Routine routine -> "DROP " + routine.kind().toUpperCase(java.util.Locale.ROOT) + " " + routine.name() + ";";
            case Sequence sequence -> "DROP SEQUENCE " + sequence.name() + ";";
            case Table table -> "-- this deletes the rows of " + table.name() + ": keep a copy if they matter\n"
                    + "DROP TABLE " + table.name() + ";";
            case Column column -> "-- this deletes the values of " + column.qualifiedName() + ": keep a copy if they matter\n"
                    + "ALTER TABLE " + column.table() + " DROP COLUMN " + column.name() + ";";
            case Constraint constraint -> dropConstraint(constraint);
            case Index index -> "DROP INDEX " + index.name() + ";";
            case View view -> (view.materialized() ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + view.name() + ";";
            case Trigger trigger -> "DROP TRIGGER " + trigger.name() + " ON " + trigger.table() + ";";
            case Policy policy -> "DROP POLICY " + policy.name() + " ON " + policy.table() + ";";
            case Publication publication -> "DROP PUBLICATION " + publication.name() + ";";
            case DefaultPrivileges privileges -> String.join("\n", defaultPrivileges(privileges, privileges.grants(),
                    Grants.defaultFor(privileges.schema() == null ? privileges.objects() : ""), patchesRole));
        };
    }

    static String createPolicy(Policy policy) {
        return "CREATE POLICY " + policy.name() + " ON " + policy.table() + " AS " + policy.mode() + " FOR " + policy.command()
                + " TO " + policy.roles() + (policy.using() == null ? "" : " USING (" + policy.using() + ")")
                + (policy.withCheck() == null ? "" : " WITH CHECK (" + policy.withCheck() + ")") + ";";
    }

    static String createPublication(Publication publication) {
        return "CREATE PUBLICATION " + publication.name()
                + (publication.allTables() ? " FOR ALL TABLES" : publicationObjects(publication).map(" FOR "::concat).orElse(""))
                + " WITH (" + publicationOptions(publication) + ");";
    }

    /** {@code TABLE a, b, TABLES IN SCHEMA s}, or nothing for a publication of no table. */
    static Optional<String> publicationObjects(Publication publication) {
        List<String> objects = new ArrayList<>();
        if (publication.tables() != null) {
            objects.add("TABLE " + publication.tables());
        }
        if (publication.schemas() != null) {
            objects.add("TABLES IN SCHEMA " + publication.schemas());
        }
        return objects.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", objects));
    }

    static String publicationOptions(Publication publication) {
        return "publish = " + literal(publication.operations()) + ", publish_via_partition_root = " + publication.viaPartitionRoot();
    }

    /**
     * What turns default privileges granting {@code from} into ones granting {@code to}. Without a
     * role (the schema definition) they are the current role's, which is the patches' role there.
     */
    static List<String> defaultPrivileges(DefaultPrivileges privileges, String from, String to, String patchesRole) {
        String role = privileges.role() != null ? privileges.role() : patchesRole;
        String prefix = "ALTER DEFAULT PRIVILEGES " + (role == null ? "" : "FOR ROLE " + role + " ")
                + (privileges.schema() == null ? "" : "IN SCHEMA " + privileges.schema() + " ");
        List<String> statements = Grants.changes(from, to, "ON " + privileges.objects().toUpperCase(Locale.ROOT), "", prefix);
        return statements.isEmpty()
                ? List.of(comment("default privileges " + privileges.qualifiedName() + " grant what PostgreSQL grants by default"))
                : statements;
    }

    static String createTable(Table table, List<Column> columns) {
        String create = "CREATE " + (table.unlogged() ? "UNLOGGED " : "") + "TABLE " + table.name();
        String partitioning = table.partitionKey() == null ? "" : " PARTITION BY " + table.partitionKey();
        if (table.partitionOf() != null) {
            return create + " PARTITION OF " + table.partitionOf() + " " + table.partitionBound() + partitioning + ";";
        }
        if (columns.isEmpty()) {
            return create + " ()" + partitioning + ";";
        }
        return create + " (\n" + columns.stream().map(column -> "    " + columnDefinition(column))
                .collect(Collectors.joining(",\n")) + "\n)" + partitioning + ";";
    }

    static String columnDefinition(Column column) {
        StringBuilder definition = new StringBuilder(column.name()).append(' ').append(column.dataType());
        if (column.collation() != null) {
            definition.append(" COLLATE ").append(column.collation());
        }
        if (column.generatedExpression() != null) {
            definition.append(" GENERATED ALWAYS AS (").append(column.generatedExpression()).append(") STORED");
        }
        if (column.identityGeneration() != null) {
            definition.append(" GENERATED ").append(column.identityGeneration()).append(" AS IDENTITY");
        }
        if (column.defaultExpression() != null) {
            definition.append(" DEFAULT ").append(column.defaultExpression());
        }
        if (column.notNull()) {
            definition.append(" NOT NULL");
        }
        return definition.toString();
    }

    static String createSequence(Sequence sequence) {
        return "CREATE SEQUENCE " + sequence.name() + sequenceOptions(sequence) + ";";
    }

    static String sequenceOptions(Sequence sequence) {
        return " AS " + sequence.dataType() + " INCREMENT BY " + sequence.increment() + " MINVALUE " + sequence.minimum()
                + " MAXVALUE " + sequence.maximum() + " START WITH " + sequence.start() + " CACHE " + sequence.cache()
                + (sequence.cycle() ? " CYCLE" : " NO CYCLE");
    }

    static String ownedBy(Sequence sequence) {
        return "ALTER SEQUENCE " + sequence.name() + " OWNED BY " + (sequence.ownedBy() == null ? "NONE" : sequence.ownedBy()) + ";";
    }

    static String addConstraint(Constraint constraint) {
        return "ALTER TABLE " + constraint.table() + " ADD CONSTRAINT " + constraint.name() + " " + constraint.definition() + ";";
    }

    static String dropConstraint(Constraint constraint) {
        return "ALTER TABLE " + constraint.table() + " DROP CONSTRAINT " + constraint.name() + ";";
    }

    /** A partitioned table's index prints as {@code ON ONLY}, which would leave its partitions without one. */
    static String createIndex(Index index) {
        return index.definition().replaceFirst(" ON ONLY ", " ON ") + ";";
    }

    static String viewQuery(View view) {
        String query = view.definition().stripTrailing();
        return query.endsWith(";") ? query : query + ";";
    }

    static String enable(Trigger trigger) {
        String action = switch (trigger.enabled()) {
            case "disabled" -> "DISABLE TRIGGER ";
            case "replica" -> "ENABLE REPLICA TRIGGER ";
            case "always" -> "ENABLE ALWAYS TRIGGER ";
            default -> "ENABLE TRIGGER ";
        };
        return "ALTER TABLE " + trigger.table() + " " + action + trigger.name() + ";";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Turns text into SQL comment lines, for what a repair cannot do by itself. */
    static String comment(String text) {
        return text.lines().map(line -> "-- " + line).collect(Collectors.joining("\n"));
    }
}
