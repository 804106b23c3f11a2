package org.granary.metadatasync.apply;

import java.time.Instant;

/**
 * What metadata-sync remembers of one file: the record both sides last agreed on (null hash: they
 * agreed it does not exist), as JSON for a conflict's losing side, and when each side last changed it.
 */
record FileState(String fileName, String agreedHash, String agreedRecordJson, Instant legacyChangedAt, Instant catalogChangedAt) {
}
