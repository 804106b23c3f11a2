package org.granary.ingest.client;

import static java.util.Objects.requireNonNull;

/**
 * What {@code POST /granules/sync} did with one record.
 *
 * @param outcome {@code inserted}, {@code new-version}, {@code corrected}, {@code deleted},
 *     {@code unchanged} or {@code rejected}
 * @param granuleId the granule the record is now; null when rejected, or unchanged with none
 * @param reason for {@code rejected}: {@code unknown-esdt}, {@code name-mismatch} or {@code invalid}
 * @param detail what was wrong, for people
 */
public record SyncResult(String fileName, String outcome, Long granuleId, String reason, String detail) {
    public SyncResult {
        requireNonNull(outcome, "outcome is null");
    }

    public boolean rejected() {
        return "rejected".equals(outcome);
    }
}
