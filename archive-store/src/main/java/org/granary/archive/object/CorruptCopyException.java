package org.granary.archive.object;

import java.io.IOException;

/** A copy of this node is not what was written: a block or the whole content hashes wrong, or the file is short. */
public final class CorruptCopyException extends IOException {
    private final String checksum;

    public CorruptCopyException(String checksum, String message) {
        super("the copy of " + checksum + " on this node is corrupt: " + message);
        this.checksum = checksum;
    }

    public String checksum() {
        return checksum;
    }
}
