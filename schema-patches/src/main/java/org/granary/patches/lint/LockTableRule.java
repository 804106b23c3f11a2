package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.Patch;

/**
 * {@code LOCK TABLE}: in a transactional patch the lock (ACCESS EXCLUSIVE unless a mode is named)
 * is held until the whole patch commits, so every statement after it runs with the table's readers
 * or writers waiting. A warning there, since ordering locks on purpose is sometimes right; an
 * error in a non-transactional patch, where PostgreSQL refuses {@code LOCK} outside a transaction
 * block. Tables created earlier in the patch are left alone.
 */
final class LockTableRule implements StatementRule {
    private static final Pattern LOCK = SqlPatterns.compile("^LOCK\\s+(?:TABLE\\s+)?");
    private static final Pattern MODE = SqlPatterns.compile("\\s+IN\\s+(.*?)\\s+MODE\\b.*$|\\s+NOWAIT\\s*$");
    private static final Pattern LEADING_NAME = SqlPatterns.compile("^(?:ONLY\\s+)?({name})");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        SqlFragment sql = statement.sql();
        Matcher lock = sql.shape(LOCK);
        if (!lock.find()) {
            return List.of();
        }
        SqlFragment rest = sql.from(lock.end());
        Matcher mode = rest.topLevel(MODE);
        int listEnd = rest.length();
        String lockMode = "ACCESS EXCLUSIVE";
        if (mode.find()) {
            listEnd = mode.start();
            if (mode.group(1) != null) {
                lockMode = rest.oneLine(mode.start(1), mode.end(1)).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            }
        }
        if (!context.transactional()) {
            return List.of(context.finding(statement, Hazard.EXPLICIT_LOCK, Severity.ERROR,
                    "LOCK TABLE in a patch marked " + Patch.NON_TRANSACTIONAL_MARKER + ": PostgreSQL refuses LOCK outside a"
                            + " transaction block, and the patch will fail.",
                    "Remove it: each statement of a non-transactional patch takes the locks it needs and commits on its own."));
        }
        List<String> tables = new ArrayList<>();
        for (SqlFragment piece : rest.slice(0, listEnd).splitTopLevel()) {
            Matcher name = piece.shape(LEADING_NAME);
            if (name.find()) {
                Target target = context.target(TableName.parse(piece.code(name.start(1), name.end(1))));
                if (!target.isNew()) {
                    tables.add(target.holds());
                }
            }
        }
        if (tables.isEmpty()) {
            return List.of();
        }
        String blocked = lockMode.equals("ACCESS EXCLUSIVE") ? "every read and write" : "whatever conflicts with " + lockMode;
        return List.of(context.finding(statement, Hazard.EXPLICIT_LOCK, Severity.WARNING,
                "LOCK TABLE takes " + lockMode + " and holds it until the whole patch commits: " + blocked
                        + " waits for every statement after this one; " + String.join("; ", tables) + ".",
                "Remove it and let each statement take the lock it needs, for as short as it needs it (the patcher's"
                        + " lock_timeout keeps a waiting statement from queueing everyone behind it). If the statements after it"
                        + " must see the table unchanged, keep them few and fast in a patch of their own, and take the weakest"
                        + " mode that serves (SHARE blocks writes only)."));
    }
}
