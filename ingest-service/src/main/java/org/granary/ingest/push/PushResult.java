package org.granary.ingest.push;

import org.granary.ingest.granule.Granule;

import static java.util.Objects.requireNonNull;

/** The granule a push made (created) or found (a repeat, or a duplicate the ESDT skips). */
public record PushResult(Granule granule, boolean created) {
    public PushResult {
        requireNonNull(granule, "granule is null");
    }
}
