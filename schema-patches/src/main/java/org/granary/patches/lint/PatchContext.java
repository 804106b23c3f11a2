package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.Patch;

/**
 * What the statements before the current one did within the same patch: tables created (new,
 * so never large), renamed, checked for nulls, or locked against writes until the patch commits.
 */
final class PatchContext {
    private static final Pattern CREATE_TABLE = SqlPatterns.compile(
            "^CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\\s+)?(?:TABLE|MATERIALIZED\\s+VIEW)\\s+"
                    + "(IF\\s+NOT\\s+EXISTS\\s+)?({name})");
    private static final Pattern CREATE_INDEX =
            SqlPatterns.compile("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY\\b).*?\\bON\\s+(?:ONLY\\s+)?({name})");
    private static final Pattern RENAME_TO = SqlPatterns.compile("^RENAME\\s+TO\\s+({ident})\\s*$");
    private static final Pattern ADD_CHECK =
            SqlPatterns.compile("^ADD\\s+(?:CONSTRAINT\\s+({ident})\\s+)?CHECK\\b");
    private static final Pattern NOT_VALID = SqlPatterns.compile("\\bNOT\\s+VALID\\b");
    private static final Pattern VALIDATE = SqlPatterns.compile("^VALIDATE\\s+CONSTRAINT\\s+({ident})");

    private record Renamed(TableName newName, TableName existing) {
    }

    private record ColumnCheck(TableName table, String constraint, String column) {
    }

    private record WriteLock(TableName table, int statementIndex) {
    }

    private final Patch patch;
    private final LintOptions options;
    private final TableStatistics statistics;
    private final List<TableName> created = new ArrayList<>();
    private final List<Renamed> renamed = new ArrayList<>();
    private final List<ColumnCheck> notNullChecks = new ArrayList<>();
    private final List<ColumnCheck> validatedNotNull = new ArrayList<>();
    private final List<WriteLock> writeLocks = new ArrayList<>();

    PatchContext(Patch patch, LintOptions options, TableStatistics statistics) {
        this.patch = patch;
        this.options = options;
        this.statistics = statistics;
    }

    boolean transactional() {
        return patch.transactional();
    }

    Target target(TableName table) {
        boolean isNew = created.stream().anyMatch(table::sameTableAs);
        return new Target(table, isNew, isNew ? Optional.empty() : statistics.size(existing(table)), options);
    }

    Optional<String> columnType(TableName table, String column) {
        return statistics.columnType(existing(table), column);
    }

    /** Proven by the live catalog, or by a check validated earlier in this patch. */
    boolean provenNotNull(TableName table, String column) {
        return statistics.provenNotNull(existing(table), column)
                || validatedNotNull.stream().anyMatch(check -> check.table().sameTableAs(table) && check.column().equals(column));
    }

    /**
     * The earlier statement whose lock on the table blocks writes until a transactional patch
     * commits, so a scan in a later statement happens with writers waiting all the same.
     */
    OptionalInt writesBlockedSince(TableName table) {
        if (!transactional()) {
            return OptionalInt.empty();
        }
        return writeLocks.stream().filter(lock -> lock.table().sameTableAs(table)).mapToInt(WriteLock::statementIndex).findFirst();
    }

    Finding finding(PatchStatement statement, Hazard hazard, Severity severity, String message, String saferForm) {
        return new Finding(patch.name(), statement.index(), statement.firstLine(), hazard, severity, message, saferForm);
    }

    /** Takes note of what the statement did, for the statements after it. */
    void remember(PatchStatement statement) {
        SqlFragment sql = statement.sql();
        Matcher create = sql.shape(CREATE_TABLE);
        if (create.find()) {
            TableName table = TableName.parse(sql.code(create.start(2), create.end(2)));
            // CREATE TABLE IF NOT EXISTS of a table the database has creates nothing
            if (create.group(1) == null || statistics.size(table).isEmpty()) {
                created.add(table);
            }
        }
        Matcher index = sql.shape(CREATE_INDEX);
        if (index.find()) {
            writeLocks.add(new WriteLock(TableName.parse(sql.code(index.start(1), index.end(1))), statement.index()));
        }
        AlterTable.parse(statement).ifPresent(alter -> remember(statement, alter));
    }

    private void remember(PatchStatement statement, AlterTable alter) {
        TableName table = alter.table();
        for (SqlFragment action : alter.actions()) {
            Matcher rename = action.shape(RENAME_TO);
            Matcher check = action.shape(ADD_CHECK);
            Matcher validate = action.shape(VALIDATE);
            if (rename.find()) {
                TableName newName = new TableName(table.schema(), TableName.identifier(action.code(rename.start(1), rename.end(1))));
                if (target(table).isNew()) {
                    created.add(newName);
                } else {
                    renamed.add(new Renamed(newName, existing(table)));
                }
            } else if (check.find()) {
                String constraint = check.group(1) == null ? "" : TableName.identifier(action.code(check.start(1), check.end(1)));
                NotNullCheck.column(action).ifPresent(column -> {
                    ColumnCheck added = new ColumnCheck(table, constraint, column);
                    notNullChecks.add(added);
                    if (!action.matches(NOT_VALID)) {
                        validatedNotNull.add(added);
                    }
                });
            } else if (validate.find()) {
                String constraint = TableName.identifier(action.code(validate.start(1), validate.end(1)));
                notNullChecks.stream()
                        .filter(added -> added.table().sameTableAs(table) && added.constraint().equals(constraint))
                        .forEach(validatedNotNull::add);
                continue; // VALIDATE CONSTRAINT lets writes go on
            }
            writeLocks.add(new WriteLock(table, statement.index()));
        }
    }

    /** The name the statistics know a table by, before a rename earlier in this patch. */
    private TableName existing(TableName table) {
        return renamed.stream().filter(rename -> rename.newName().sameTableAs(table)).map(Renamed::existing).reduce((first, later) -> later).orElse(table);
    }
}
