package org.granary.ops.legacy;

import java.util.List;

/**
 * What the old applications do to the legacy tables, with the share of each in a real archive's
 * day: mostly new files, some reprocessing overwrites and QA updates, a few deletes.
 */
enum LegacyChange {
    INSERT("inserts", 70),
    OVERWRITE("overwrites", 15),
    QA_UPDATE("QA updates", 10),
    DELETE("deletes", 5);

    private static final List<LegacyChange> ALL = List.of(values());
    private static final int TOTAL = ALL.stream().mapToInt(change -> change.percent).sum();

    private final String plural;
    private final int percent;

    LegacyChange(String plural, int percent) {
        this.plural = plural;
        this.percent = percent;
    }

    String plural() {
        return plural;
    }

    /** The change a draw in {@code [0, 100)} falls on. */
    static LegacyChange drawn(int draw) {
        int bound = 0;
        for (LegacyChange change : ALL) {
            bound += change.percent;
            if (draw < bound) {
                return change;
            }
        }
        throw new IllegalArgumentException("a draw in [0, " + TOTAL + "), not " + draw);
    }
}
