package org.granary.metadatasync.load;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * An initial load as its table keeps it, and as the status shows it.
 *
 * @param afterFileName every legacy file name up to this one (in the database's order) was applied; empty before the first chunk
 * @param filesLoaded legacy files read and applied so far (a chunk applied again after a crash counts again)
 * @param estimatedFiles the legacy database's estimate of its files when the load began (PostgreSQL's statistics), or null
 * @param lastError why the last chunk failed, cleared by the next that succeeds
 */
public record LoadProgress(long id, String reason, Instant startedAt, Instant finishedAt, String afterFileName, long filesLoaded,
        Long estimatedFiles, Instant updatedAt, String lastError) {
    public LoadProgress {
        requireNonNull(reason, "reason is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(afterFileName, "afterFileName is null");
    }

    public boolean finished() {
        return finishedAt != null;
    }
}
