package org.granary.ingest.client;

import java.util.List;

/** Events in commit order and the cursor to continue after them (keep it: it is the same when there were none). */
public record ChangePage(List<GranuleChange> events, String next) {
    public ChangePage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
