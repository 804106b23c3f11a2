package org.granary.ingest.sync;

import org.granary.ingest.granule.ProductIdentity;

import static java.util.Objects.requireNonNull;

/**
 * A record that passed validation, with its place in the request and, unless it deletes, the
 * product its file name makes it a version of (as a push of that file would).
 */
record ValidRecord(int ordinal, CanonicalRecord record, ProductIdentity product) {
    ValidRecord {
        requireNonNull(record, "record is null");
        if (!record.deleted()) {
            requireNonNull(product, "product is null");
        }
    }
}
