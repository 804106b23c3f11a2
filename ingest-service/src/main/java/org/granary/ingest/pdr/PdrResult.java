package org.granary.ingest.pdr;

import static java.util.Objects.requireNonNull;

/** What reading a PDR gives: the record to act on, or the discrepancy to send back. */
public sealed interface PdrResult {
    record Accepted(ProductDeliveryRecord record) implements PdrResult {
        public Accepted {
            requireNonNull(record, "record is null");
        }
    }

    record Rejected(PdrDiscrepancy discrepancy) implements PdrResult {
        public Rejected {
            requireNonNull(discrepancy, "discrepancy is null");
        }
    }
}
