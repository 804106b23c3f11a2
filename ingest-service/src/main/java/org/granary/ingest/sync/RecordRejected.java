package org.granary.ingest.sync;

/** A sync record that cannot be applied; the others of its batch still are. */
final class RecordRejected extends RuntimeException {
    private final String reason;

    RecordRejected(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
