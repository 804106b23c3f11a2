package org.granary.ingest.client;

import static java.util.Objects.requireNonNull;

/** What a push did: the granule it made ({@code created}, 201) or found (a repeat, or a duplicate its ESDT skips: 200). */
public record PushResult(Granule granule, boolean created) {
    public PushResult {
        requireNonNull(granule, "granule is null");
    }
}
