package org.granary.ingest.esdt;

import java.time.Instant;

/** What a file name says through the fields of its pattern; a field the pattern lacks, or an absent optional one, is null. */
public record FileNameFields(Instant start, Instant end, Integer orbit, Integer collection, Instant production, Integer part) {
}
