package org.granary.ingest.client;

import java.util.List;

/** One page of a granule search, in id order; {@code nextAfter} (null on the last page) continues it. */
public record GranulePage(List<Granule> items, Long nextAfter) {
    public GranulePage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
