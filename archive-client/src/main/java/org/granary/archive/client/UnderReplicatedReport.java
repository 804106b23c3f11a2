package org.granary.archive.client;

import java.time.Instant;
import java.util.List;

/**
 * A node's under-replicated objects (puts acknowledged with fewer than R copies): how many, how
 * many copies they lack, the oldest record (null when none), and the first records, oldest first.
 */
public record UnderReplicatedReport(String node, long objects, long missingCopies, Instant oldestRecordedAt, List<MissingCopy> items) {
}
