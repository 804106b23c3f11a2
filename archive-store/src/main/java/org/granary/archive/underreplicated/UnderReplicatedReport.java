package org.granary.archive.underreplicated;

import java.time.Instant;
import java.util.List;

/**
 * This node's under-replicated objects: how many, how many copies they lack, since when, and the
 * first of them (oldest first).
 */
public record UnderReplicatedReport(String node, long objects, long missingCopies, Instant oldestRecordedAt, List<MissingCopy> items) {
}
