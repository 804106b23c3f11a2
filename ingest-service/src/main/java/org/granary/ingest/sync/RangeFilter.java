package org.granary.ingest.sync;

import java.time.Instant;

/** What a reconciliation compares besides the key range: an ESDT, a collection, a window of start times [startFrom, startTo). */
record RangeFilter(String esdt, Integer collection, Instant startFrom, Instant startTo) {
}
