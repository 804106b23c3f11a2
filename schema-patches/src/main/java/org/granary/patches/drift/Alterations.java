package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The statements that turn an object the database has into the one the patches make. They change
 * in place where PostgreSQL can (a column's type, a function's body) and otherwise drop and make
 * again, or say in a comment what has to be done by hand.
 */
final class Alterations {
    private Alterations() {
    }

    /** {@code expected} and {@code actual} are the same kind of object under the same name. */
    static String alter(CatalogObject expected, CatalogObject actual) {
        return alter(expected, actual, null);
    }

    /**
     * As {@link #alter(CatalogObject, CatalogObject)}; an object going back to the patches' role
     * goes to {@code patchesRole} (the target's, as its snapshot knows it), or when that is
     * unknown to {@code CURRENT_USER}.
     */
    static String alter(CatalogObject expected, CatalogObject actual, String patchesRole) {
        List<String> attributes = Attributes.changes(expected, actual, patchesRole);
        if (Attributes.asMade(expected).equals(Attributes.asMade(actual))) {
            return String.join("\n", attributes);
        }
        String altered = switch (expected) {
            case Schema ignored -> "";
            case Extension extension -> alterExtension(extension, (Extension) actual);
            case UserType type -> Ddl.comment("type " + type.name() + " cannot be changed in place safely; change it by a patch."
                    + "\nThe patches make:\n" + Ddl.bare(type, null, null) + "\nThe database has:\n" + Ddl.bare(actual, null, null));
            case Routine routine -> routine.kind().equals(((Routine) actual).kind())
                    ? Ddl.bare(routine, null, null) : remade(expected, actual, patchesRole);
            case Sequence sequence -> alterSequence(sequence, (Sequence) actual);
            case Table table -> alterTable(table, (Table) actual);
            case Column column -> alterColumn(column, (Column) actual);
            case Constraint constraint -> ((Constraint) actual).definition().equals(constraint.definition() + " NOT VALID")
                    ? "ALTER TABLE " + constraint.table() + " VALIDATE CONSTRAINT " + constraint.name() + ";"
                    : remade(expected, actual, patchesRole);
            case Index index -> alterIndex(index, (Index) actual, remade(expected, actual, patchesRole));
            case View view -> view.materialized() || ((View) actual).materialized() ? remade(expected, actual, patchesRole) + "\n"
                    + Ddl.comment("dropping a materialized view drops its indexes: make them again as the patches do")
                    : alterView(view);
            case Trigger trigger -> trigger.definition().equals(((Trigger) actual).definition())
                    ? Ddl.enable(trigger) : remade(expected, actual, patchesRole);
            case Policy ignored -> remade(expected, actual, patchesRole);
            case Publication publication -> alterPublication(publication, (Publication) actual, remade(expected, actual, patchesRole));
            case DefaultPrivileges privileges -> String.join("\n",
                    Ddl.defaultPrivileges(privileges, ((DefaultPrivileges) actual).grants(), privileges.grants(), patchesRole));
        };
        if (altered.startsWith(Ddl.drop(actual, patchesRole) + "\n")) {
            return altered; // made again with its attributes
        }
        List<String> statements = new ArrayList<>();
        statements.add(altered);
        statements.addAll(attributes);
        return String.join("\n", statements.stream().filter(statement -> !statement.isEmpty()).toList());
    }

    /** Dropped and made again, with its attributes. */
    private static String remade(CatalogObject expected, CatalogObject actual, String patchesRole) {
        return Ddl.drop(actual, patchesRole) + "\n" + Ddl.create(expected, null, patchesRole);
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

    /**
     * An index that differs only in its storage parameters ({@code WITH (...)}) is altered in
     * place; one whose definition is the same was left invalid and is rebuilt.
     */
    private static String alterIndex(Index expected, Index actual, String remade) {
        if (expected.definition().equals(actual.definition())) {
            return "REINDEX INDEX CONCURRENTLY " + expected.name() + ";";
        }
        if (withoutStorageParameters(expected.definition()).equals(withoutStorageParameters(actual.definition()))) {
            return String.join("\n", Attributes.storageParameters("INDEX " + expected.name(),
                    storageParameters(actual.definition()), storageParameters(expected.definition())));
        }
        return remade;
    }

    private static final Pattern INDEX_WITH = Pattern.compile(" WITH \\(([^)]*)\\)");

    private static String withoutStorageParameters(String indexDefinition) {
        return INDEX_WITH.matcher(indexDefinition).replaceFirst("");
    }

    /** {@code fillfactor='70', deduplicate_items='off'} as the catalog lists them: sorted, unquoted. */
    private static String storageParameters(String indexDefinition) {
        Matcher matcher = INDEX_WITH.matcher(indexDefinition);
        if (!matcher.find()) {
            return null;
        }
        return Arrays.stream(matcher.group(1).split(", ", -1)).map(option -> option.replace("'", "")).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String alterView(View expected) {
        return "CREATE OR REPLACE VIEW " + expected.name() + " AS\n" + Ddl.viewQuery(expected) + "\n"
                + Ddl.comment("if PostgreSQL refuses because the columns changed, drop the view (and what depends on it) first");
    }

    /** In place where it can: a publication of all tables, or of none, is made again. */
    private static String alterPublication(Publication expected, Publication actual, String remade) {
        Optional<String> objects = Ddl.publicationObjects(expected);
        if (expected.allTables() != actual.allTables() || (objects.isEmpty() && !expected.allTables())) {
            return remade;
        }
        List<String> statements = new ArrayList<>();
        if (!expected.allTables() && (!Objects.equals(expected.tables(), actual.tables())
                || !Objects.equals(expected.schemas(), actual.schemas()))) {
            statements.add("ALTER PUBLICATION " + expected.name() + " SET " + objects.orElseThrow() + ";");
        }
        if (!expected.operations().equals(actual.operations()) || expected.viaPartitionRoot() != actual.viaPartitionRoot()) {
            statements.add("ALTER PUBLICATION " + expected.name() + " SET (" + Ddl.publicationOptions(expected) + ");");
        }
        return String.join("\n", statements);
    }
}
