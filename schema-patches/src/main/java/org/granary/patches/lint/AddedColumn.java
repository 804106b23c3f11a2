package org.granary.patches.lint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column an {@code ALTER TABLE ... ADD [COLUMN]} action adds.
 *
 * @param column the name as PostgreSQL stores it
 * @param spelled the name as the patch spells it, for DDL in advice
 * @param type the type as the patch spells it, e.g. {@code numeric(10, 2)}
 * @param definition everything after the name: type, default, constraints
 */
record AddedColumn(String column, String spelled, String type, SqlFragment definition) {
    private static final Pattern ADD_COLUMN = SqlPatterns.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + "(?!(?:COLUMN|CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\\b)({ident})\\s+");
    private static final Pattern TYPE_END = SqlPatterns.compile("\\s(?:DEFAULT|NOT|NULL|CONSTRAINT|CHECK|UNIQUE|PRIMARY"
            + "|REFERENCES|GENERATED|COLLATE|COMPRESSION|STORAGE)\\b");

    static Optional<AddedColumn> parse(SqlFragment action) {
        Matcher add = action.shape(ADD_COLUMN);
        if (!add.find()) {
            return Optional.empty();
        }
        String spelled = action.code(add.start(1), add.end(1));
        SqlFragment definition = action.from(add.end());
        Matcher typeEnd = definition.topLevel(TYPE_END);
        String type = definition.oneLine(0, typeEnd.find() ? typeEnd.start() : definition.length());
        return Optional.of(new AddedColumn(TableName.identifier(spelled), spelled, type, definition));
    }

    boolean hasTopLevel(Pattern pattern) {
        return definition.matchesTopLevel(pattern);
    }
}
