package org.granary.ingest.pdr;

import static java.util.Objects.requireNonNull;

/** One line pair of a long PDRD: a file group's data type (empty if the PDR gave none) and what was wrong with it. */
public record FileGroupDisposition(String dataType, PdrdDisposition disposition) {
    public FileGroupDisposition {
        requireNonNull(dataType, "dataType is null");
        requireNonNull(disposition, "disposition is null");
        if (!disposition.isPerFileGroup()) {
            throw new IllegalArgumentException(disposition + " concerns the whole PDR, not a file group");
        }
    }
}
