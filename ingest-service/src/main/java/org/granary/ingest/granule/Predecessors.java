package org.granary.ingest.granule;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the catalogue holds as a push of a file begins: the newest version of the file's product,
 * whose ESDT's duplicate policy decides what a file with other content becomes, and the newest
 * granule of the file itself, which a retry finds even after a later production of the product.
 */
public record Predecessors(Optional<Granule> newestOfProduct, Optional<Granule> newestOfFile) {
    public Predecessors {
        requireNonNull(newestOfProduct, "newestOfProduct is null");
        requireNonNull(newestOfFile, "newestOfFile is null");
    }

    /**
     * The granule a push of content with this SHA-256 repeats, if any: the file as it was
     * catalogued, or the product's newest version, with the same content and not deleted.
     */
    public Optional<Granule> repeatedBy(String sha256) {
        return newestOfFile.filter(granule -> sha256.equals(granule.sha256()) && granule.present())
                .or(() -> newestOfProduct.filter(granule -> sha256.equals(granule.sha256()) && granule.present()));
    }
}
