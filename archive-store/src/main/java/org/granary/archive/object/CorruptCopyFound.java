package org.granary.archive.object;

import static java.util.Objects.requireNonNull;

/**
 * A copy of this node was found corrupt (by a read, a write over it or a peer's verification)
 * and quarantined; whoever repairs copies listens for it.
 */
public record CorruptCopyFound(String checksum, String volume, String cause) {
    public CorruptCopyFound {
        requireNonNull(checksum, "checksum is null");
        requireNonNull(volume, "volume is null");
        requireNonNull(cause, "cause is null");
    }
}
