package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grants as a catalog object records them: {@code PUBLIC: EXECUTE; reader: SELECT; writer (with
 * grant option): UPDATE}, entries sorted, the owner's own privileges left out (they go with
 * ownership). A null list has no grants. This turns one list into another with {@code REVOKE} and
 * {@code GRANT}, grantee by grantee: a grantee whose privileges differ loses them all and gets what
 * the target list gives it.
 */
final class Grants {
    private static final String WITH_GRANT_OPTION = " (with grant option)";

    private Grants() {
    }

    /**
     * The grants an object has when made: PostgreSQL lets {@code PUBLIC} execute functions and use
     * types; other objects are their owner's alone.
     */
    static String defaultFor(String objectType) {
        return switch (objectType) {
            case "function", "procedure", "functions" -> "PUBLIC: EXECUTE";
            case "type", "domain", "types" -> "PUBLIC: USAGE";
            default -> null;
        };
    }

    /**
     * The statements that turn grants {@code from} into {@code to}. {@code on} is what follows the
     * privileges ({@code ON TABLE public.granule}), {@code columns} a column list for column
     * privileges ({@code (name)}) or empty, {@code prefix} goes before each statement (for
     * {@code ALTER DEFAULT PRIVILEGES ...}).
     */
    static List<String> changes(String from, String to, String on, String columns, String prefix) {
        Map<String, List<String>> before = byGrantee(from);
        Map<String, List<String>> after = byGrantee(to);
        TreeMap<String, Boolean> grantees = new TreeMap<>();
        before.keySet().forEach(grantee -> grantees.put(grantee, true));
        after.keySet().forEach(grantee -> grantees.put(grantee, true));
        List<String> statements = new ArrayList<>();
        for (String grantee : grantees.keySet()) {
            List<String> had = before.getOrDefault(grantee, List.of());
            List<String> wanted = after.getOrDefault(grantee, List.of());
            if (had.equals(wanted)) {
                continue;
            }
            if (!had.isEmpty()) {
                statements.add(prefix + "REVOKE ALL" + columns + " " + on + " FROM " + grantee + ";");
            }
            for (String entry : wanted) {
                statements.add(grant(entry, on, columns, prefix));
            }
        }
        return statements;
    }

    private static String grant(String entry, String on, String columns, String prefix) {
        int colon = entry.lastIndexOf(": ");
        String grantee = entry.substring(0, colon);
        boolean grantable = grantee.endsWith(WITH_GRANT_OPTION);
        List<String> privileges = Arrays.stream(entry.substring(colon + 2).split(", ", -1)).map(privilege -> privilege + columns).toList();
        return prefix + "GRANT " + String.join(", ", privileges) + " " + on + " TO "
                + (grantable ? grantee.substring(0, grantee.length() - WITH_GRANT_OPTION.length()) + " WITH GRANT OPTION" : grantee)
                + ";";
    }

    /** The entries of each grantee, with and without grant option. */
    private static Map<String, List<String>> byGrantee(String grants) {
        Map<String, List<String>> entries = new TreeMap<>();
        if (grants == null || grants.isEmpty()) {
            return entries;
        }
        for (String entry : grants.split("; ", -1)) {
            String grantee = entry.substring(0, entry.lastIndexOf(": "));
            if (grantee.endsWith(WITH_GRANT_OPTION)) {
                grantee = grantee.substring(0, grantee.length() - WITH_GRANT_OPTION.length());
            }
            entries.computeIfAbsent(grantee, key -> new ArrayList<>()).add(entry);
        }
        return entries;
    }
}
