package org.granary.ingest.sync;

import static java.util.Objects.requireNonNull;

/**
 * What a sync did with one record, in request order.
 *
 * @param outcome {@code inserted}, {@code new-version}, {@code corrected}, {@code deleted},
 *     {@code unchanged} or {@code rejected}
 * @param granuleId the granule the record is now (for {@code deleted}: the one deleted); null when
 *     rejected, or unchanged because there is none
 * @param reason why it was rejected: {@code unknown-esdt}, {@code name-mismatch} or {@code invalid}
 * @param detail what exactly was wrong, for people
 */
record SyncOutcome(String fileName, String outcome, Long granuleId, String reason, String detail) {
    static final String REJECTED = "rejected";

    SyncOutcome {
        requireNonNull(outcome, "outcome is null");
    }

    static SyncOutcome rejected(String fileName, String reason, String detail) {
        return new SyncOutcome(fileName, REJECTED, null, reason, detail);
    }
}
