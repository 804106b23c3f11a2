package org.granary.metadatasync.capture;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * That a file's legacy rows changed: which file, in which transaction, committed when, and where
 * in the WAL. What changed is read from the legacy database when it is applied, so that a batch
 * always carries a file's newest state, whichever of its tables changed.
 */
public record LegacyChange(String fileName, long transactionId, long lsn, Instant committedAt) {
    public LegacyChange {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(committedAt, "committedAt is null");
    }
}
