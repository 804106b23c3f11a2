package org.granary.archive.object;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A copy of this node was found corrupt (by a read, a write over it or a peer's verification)
 * and quarantined; whoever repairs copies listens for it. {@code writtenAt} is the time of the
 * client's write the copy was, which its repair keeps.
 */
public record CorruptCopyFound(String checksum, String volume, Instant writtenAt, String cause) {
    public CorruptCopyFound {
        requireNonNull(checksum, "checksum is null");
        requireNonNull(volume, "volume is null");
        requireNonNull(writtenAt, "writtenAt is null");
        requireNonNull(cause, "cause is null");
    }
}
