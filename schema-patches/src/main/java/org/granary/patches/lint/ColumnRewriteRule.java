package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Column changes that rewrite every row of a large table under ACCESS EXCLUSIVE: a type change
 * that is not a known binary-compatible widening, and a new column whose value must be computed
 * for each existing row (volatile default, serial, identity, stored generated).
 */
final class ColumnRewriteRule implements StatementRule {
    private static final Pattern ALTER_TYPE =
            SqlPatterns.compile("^ALTER\\s+(?:COLUMN\\s+)?(?!COLUMN\\b)({ident})\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+");
    private static final Pattern TYPE_END = SqlPatterns.compile("\\s(?:COLLATE|USING)\\b");
    private static final Pattern DEFAULT = SqlPatterns.compile("\\bDEFAULT\\s+(.*?)(?=\\s+(?:NOT|NULL|CONSTRAINT|CHECK|UNIQUE"
            + "|PRIMARY|REFERENCES|GENERATED|COLLATE)\\b|$)");
    // now(), current_timestamp and constants are not here: since PostgreSQL 11 they are stored once, not per row
    private static final Pattern VOLATILE = SqlPatterns.compile("\\b(?:random|random_normal|gen_random_uuid|uuidv4|uuidv7"
            + "|uuid_generate_v\\w+|clock_timestamp|timeofday|nextval|txid_current|pg_current_xact_id)\\s*\\(");
    private static final Pattern SERIAL = SqlPatterns.compile("^(small|big)?serial[248]?$");
    private static final Pattern IDENTITY = SqlPatterns.compile("\\bGENERATED\\s+(?:ALWAYS|BY\\s+DEFAULT)\\s+AS\\s+IDENTITY\\b");
    private static final Pattern STORED = SqlPatterns.compile("\\bGENERATED\\s+ALWAYS\\s+AS\\s*\\(\\s*\\)\\s*STORED\\b");
    private static final String LOCKED = " under ACCESS EXCLUSIVE: reads and writes wait until it is done; ";

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        return AlterTable.findings(statement, context, (target, action) -> !target.large() ? Stream.empty()
                : Stream.concat(typeChange(statement, context, target, action).stream(),
                        AddedColumn.parse(action).flatMap(added -> addedColumn(statement, context, target, added)).stream())).toList();
    }

    private static Optional<Finding> typeChange(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher alter = action.shape(ALTER_TYPE);
        if (!alter.find()) {
            return Optional.empty();
        }
        String spelled = action.code(alter.start(1), alter.end(1));
        String column = TableName.identifier(spelled);
        SqlFragment rest = action.from(alter.end());
        Matcher typeEnd = rest.topLevel(TYPE_END);
        boolean plain = !typeEnd.find();
        String newType = rest.oneLine(0, plain ? rest.length() : typeEnd.start());
        Optional<String> oldType = context.columnType(target.name(), column);
        if (plain && oldType.isPresent() && ColumnTypes.changesWithoutRewrite(oldType.get(), newType)) {
            return Optional.empty();
        }
        String why = !plain ? "a USING or COLLATE clause is taken to change every value"
                : oldType.map(old -> old + " to " + newType + " is not a binary-compatible change")
                        .orElse("the linter does not know the column's current type, so cannot tell a free widening");
        String table = target.name().toString();
        String renamed = TableName.quoted(column + "_new");
        return Optional.of(context.finding(statement, Hazard.TABLE_REWRITE, Severity.ERROR,
                "ALTER COLUMN " + spelled + " TYPE " + newType + " rewrites every row of " + table + " and rebuilds its indexes"
                        + LOCKED + why + "; " + target.holds() + ".",
                "Change the type in steps, each brief:\n"
                        + "1. ALTER TABLE " + table + " ADD COLUMN " + renamed + " " + newType + ";\n"
                        + "2. keep it filled for new writes (a trigger, or the application writing both columns);\n"
                        + "3. backfill in batches, each its own transaction: UPDATE " + table + " SET " + renamed + " = "
                        + spelled + " WHERE " + renamed + " IS NULL AND <key range>;\n"
                        + "4. build its indexes CONCURRENTLY, then swap in one short patch: ALTER TABLE " + table
                        + " RENAME COLUMN " + spelled + " TO " + TableName.quoted(column + "_old") + "; ALTER TABLE " + table
                        + " RENAME COLUMN " + renamed + " TO " + spelled + ";\n"
                        + "5. drop the old column in a later release.\n"
                        + "Free without steps: varchar(n) to a longer varchar or to text, numeric(p, s) to numeric(q >= p, s)."));
    }

    private static Optional<Finding> addedColumn(PatchStatement statement, PatchContext context, Target target, AddedColumn added) {
        String table = target.name().toString();
        String column = added.spelled();
        String add = "ALTER TABLE " + table + " ADD COLUMN " + column + " ";
        String backfill = "then backfill existing rows in batches, each its own transaction:\nUPDATE " + table + " SET " + column
                + " = %s WHERE " + column + " IS NULL AND <key range>;";
        Matcher serial = SERIAL.matcher(added.type());
        Matcher defaultValue = added.definition().topLevel(DEFAULT);
        String why;
        String safer;
        if (serial.matches()) {
            String type = serial.group(1) == null ? "integer" : serial.group(1).equalsIgnoreCase("big") ? "bigint" : "smallint";
            String sequence = TableName.quoted(target.name().name() + "_" + added.column() + "_seq");
            why = "a " + added.type() + " column takes a value from a sequence for every existing row";
            safer = add + type + ";\nCREATE SEQUENCE " + sequence + " OWNED BY " + table + "." + column + ";\n"
                    + "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT nextval('" + sequence + "');\n"
                    + backfill.formatted("nextval('" + sequence + "')");
        } else if (added.hasTopLevel(IDENTITY)) {
            why = "an identity column takes a value for every existing row";
            safer = add + added.type() + ";\n" + backfill.formatted("<value>") + "\nthen make it NOT NULL by the CHECK route (see SET NOT NULL)"
                    + " and ALTER TABLE " + table + " ALTER COLUMN " + column + " ADD GENERATED BY DEFAULT AS IDENTITY (START WITH <max + 1>);";
        } else if (added.hasTopLevel(STORED)) {
            why = "a stored generated column is computed for every existing row";
            safer = "PostgreSQL cannot make an existing column generated without a rewrite. Add a plain column,\n"
                    + add + added.type() + ";\nkeep it filled by a BEFORE INSERT OR UPDATE trigger, " + backfill.formatted("<expression>");
        } else if (defaultValue.find()
                && added.definition().slice(defaultValue.start(1), defaultValue.end(1)).matches(VOLATILE)) {
            String expression = added.definition().oneLine(defaultValue.start(1), defaultValue.end(1));
            why = "the volatile default " + expression + " is computed for every existing row"
                    + " (a constant or stable default such as now() would be free)";
            safer = add + added.type() + ";  -- no default: no rewrite\n"
                    + "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + expression + ";  -- new rows only\n"
                    + backfill.formatted(expression) + "\nIf it must be NOT NULL, finish with the CHECK route (see SET NOT NULL).";
        } else {
            return Optional.empty();
        }
        return Optional.of(context.finding(statement, Hazard.TABLE_REWRITE, Severity.ERROR,
                "ADD COLUMN " + column + " rewrites every row of " + table + LOCKED + why + "; " + target.holds() + ".",
                safer));
    }
}
