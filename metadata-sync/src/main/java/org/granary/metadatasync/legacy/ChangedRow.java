package org.granary.metadatasync.legacy;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A legacy row with the time it last changed (its inventory row or its QA flag, whichever is later). */
public record ChangedRow(LegacyRow row, Instant changedAt) {
    public ChangedRow {
        requireNonNull(row, "row is null");
        requireNonNull(changedAt, "changedAt is null");
    }
}
