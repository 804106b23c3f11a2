package org.granary.ingest.pdr;

/** A statement of the PDR that is missing or wrong, with the disposition it earns. */
class PdrFieldException extends Exception {
    private final PdrdDisposition disposition;

    PdrFieldException(PdrdDisposition disposition, String reason) {
        super(reason);
        this.disposition = disposition;
    }

    PdrdDisposition disposition() {
        return disposition;
    }
}
