package org.granary.patches.lint;

/** One statement of a patch, numbered from 1 as a DBA counts them. */
record PatchStatement(int index, SqlFragment sql) {
    private static final int FIRST_LINE_LIMIT = 120;

    static PatchStatement of(int index, String sql) {
        return new PatchStatement(index, SqlFragment.of(sql).strip());
    }

    String firstLine() {
        String line = sql.firstLine();
        return line.length() <= FIRST_LINE_LIMIT ? line : line.substring(0, FIRST_LINE_LIMIT - 1) + "…";
    }
}
