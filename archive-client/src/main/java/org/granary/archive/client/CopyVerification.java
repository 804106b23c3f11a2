package org.granary.archive.client;

/**
 * What a node found when it read its copy of an object whole ({@code POST /objects/{sha256}/verification}):
 * {@code good} (with the SHA-256 it computed), {@code corrupt} (the node quarantined it and repairs
 * it from a peer) or {@code missing}.
 */
public record CopyVerification(String checksum, String verdict, long sizeBytes, String sha256) {
    public boolean good() {
        return "good".equals(verdict) && checksum.equals(sha256);
    }
}
