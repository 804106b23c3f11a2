package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.Extension;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.UserType;
import org.granary.patches.drift.CatalogObject.View;

/**
 * The statements that turn an object the database has into the one the patches make. They change
 * in place where PostgreSQL can (a column's type, a function's body) and otherwise drop and make
 * again, or say in a comment what has to be done by hand.
 */
final class Alterations {
    private Alterations() {
    }

    /** {@code expected} and {@code actual} are the same kind of object under the same name. */
    static String alter(CatalogObject expected, CatalogObject actual) {
        return switch (expected) {
            case Schema ignored -> "";
            case Extension extension -> alterExtension(extension, (Extension) actual);
            case UserType type -> Ddl.comment("type " + type.name() + " cannot be changed in place safely; change it by a patch."
                    + "\nThe patches make:\n" + Ddl.create(type, null) + "\nThe database has:\n" + Ddl.create(actual, null));
            case Routine routine -> routine.kind().equals(((Routine) actual).kind())
                    ? Ddl.create(routine, null)
                    : Ddl.drop(actual) + "\n" + Ddl.create(routine, null);
            case Sequence sequence -> alterSequence(sequence, (Sequence) actual);
            case Table table -> alterTable(table, (Table) actual);
            case Column column -> alterColumn(column, (Column) actual);
            case Constraint constraint -> alterConstraint(constraint, (Constraint) actual);
            case Index index -> alterIndex(index, (Index) actual);
            case View view -> alterView(view, (View) actual);
            case Trigger trigger -> trigger.definition().equals(((Trigger) actual).definition())
                    ? Ddl.enable(trigger)
                    : Ddl.drop(actual) + "\n" + Ddl.create(trigger, null);
        };
    }

    private static String alterExtension(Extension expected, Extension actual) {
        List<String> statements = new ArrayList<>();
        if (!expected.schema().equals(actual.schema())) {
            statements.add("ALTER EXTENSION " + expected.name() + " SET SCHEMA " + expected.schema() + ";");
        }
        if (!expected.version().equals(actual.version())) {
            statements.add("ALTER EXTENSION " + expected.name() + " UPDATE TO " + Ddl.literal(expected.version()) + ";");
        }
        return String.join("\n", statements);
    }

    private static String alterSequence(Sequence expected, Sequence actual) {
        // START WITH only changes what RESTART goes back to, never the sequence's current value.
        String alter = "ALTER SEQUENCE " + expected.name() + Ddl.sequenceOptions(expected) + ";";
        return Objects.equals(expected.ownedBy(), actual.ownedBy()) ? alter : alter + "\n" + Ddl.ownedBy(expected);
    }

    private static String alterTable(Table expected, Table actual) {
        List<String> statements = new ArrayList<>();
        if (!Objects.equals(expected.kind(), actual.kind()) || !Objects.equals(expected.partitionKey(), actual.partitionKey())) {
            statements.add(Ddl.comment("the partitioning of " + expected.name() + " cannot be changed in place: the patches make "
                    + Objects.requireNonNullElse(expected.partitionKey(), "no partitioning") + ", the database has "
                    + Objects.requireNonNullElse(actual.partitionKey(), "no partitioning")
                    + "; move the rows to a table made as the patches make it"));
        }
        if (expected.unlogged() != actual.unlogged()) {
            statements.add("ALTER TABLE " + expected.name() + (expected.unlogged() ? " SET UNLOGGED;" : " SET LOGGED;"));
        }
        if (!Objects.equals(expected.partitionOf(), actual.partitionOf())
                || !Objects.equals(expected.partitionBound(), actual.partitionBound())) {
            if (actual.partitionOf() != null) {
                statements.add("ALTER TABLE " + actual.partitionOf() + " DETACH PARTITION " + actual.name() + ";");
            }
            if (expected.partitionOf() != null) {
                statements.add("ALTER TABLE " + expected.partitionOf() + " ATTACH PARTITION " + expected.name() + " "
                        + expected.partitionBound() + ";");
            }
        }
        return String.join("\n", statements);
    }

    /** In an order PostgreSQL accepts: a default goes before the type changes and comes back after. */
    private static String alterColumn(Column expected, Column actual) {
        String alter = "ALTER TABLE " + expected.table() + " ALTER COLUMN " + expected.name() + " ";
        List<String> statements = new ArrayList<>();
        boolean defaultChanges = !Objects.equals(expected.defaultExpression(), actual.defaultExpression());
        if (defaultChanges && actual.defaultExpression() != null) {
            statements.add(alter + "DROP DEFAULT;");
        }
        if (expected.generatedExpression() == null && actual.generatedExpression() != null) {
            statements.add(alter + "DROP EXPRESSION;");
        }
        if (expected.identityGeneration() == null && actual.identityGeneration() != null) {
            statements.add(alter + "DROP IDENTITY;");
        }
        if (!expected.dataType().equals(actual.dataType()) || !Objects.equals(expected.collation(), actual.collation())) {
            statements.add(alter + "TYPE " + expected.dataType()
                    + (expected.collation() == null ? "" : " COLLATE " + expected.collation())
                    + " USING " + expected.name() + "::" + expected.dataType() + ";");
        }
        if (expected.identityGeneration() != null && !expected.identityGeneration().equals(actual.identityGeneration())) {
            statements.add(alter + (actual.identityGeneration() == null ? "ADD GENERATED " + expected.identityGeneration()
                    + " AS IDENTITY;" : "SET GENERATED " + expected.identityGeneration() + ";"));
        }
        if (expected.generatedExpression() != null && !expected.generatedExpression().equals(actual.generatedExpression())) {
            statements.add(actual.generatedExpression() == null
                    ? Ddl.comment("an ordinary column cannot become a generated one: drop " + expected.qualifiedName()
                            + " and add it as " + Ddl.columnDefinition(expected))
                    : alter + "SET EXPRESSION AS (" + expected.generatedExpression() + ");");
        }
        if (defaultChanges && expected.defaultExpression() != null) {
            statements.add(alter + "SET DEFAULT " + expected.defaultExpression() + ";");
        }
        if (expected.notNull() != actual.notNull()) {
            statements.add(alter + (expected.notNull() ? "SET NOT NULL;" : "DROP NOT NULL;"));
        }
        return String.join("\n", statements);
    }

    private static String alterConstraint(Constraint expected, Constraint actual) {
        if (actual.definition().equals(expected.definition() + " NOT VALID")) {
            return "ALTER TABLE " + expected.table() + " VALIDATE CONSTRAINT " + expected.name() + ";";
        }
        return Ddl.dropConstraint(actual) + "\n" + Ddl.addConstraint(expected);
    }

    private static String alterIndex(Index expected, Index actual) {
        if (expected.definition().equals(actual.definition())) {
            return "REINDEX INDEX CONCURRENTLY " + expected.name() + ";";
        }
        return Ddl.drop(actual) + "\n" + Ddl.createIndex(expected);
    }

    private static String alterView(View expected, View actual) {
        if (expected.materialized() || actual.materialized()) {
            return Ddl.drop(actual) + "\n" + Ddl.create(expected, null)
                    + "\n" + Ddl.comment("dropping a materialized view drops its indexes: make them again as the patches do");
        }
        return "CREATE OR REPLACE VIEW " + expected.name() + " AS\n" + Ddl.viewQuery(expected) + "\n"
                + Ddl.comment("if PostgreSQL refuses because the columns changed, drop the view (and what depends on it) first");
    }
}
