package org.granary.archive.client;

/** One volume of a node as the node reports it ({@code GET /volumes}): its state ({@code active}, {@code read-only}, {@code draining}) and space. */
public record VolumeStatus(String name, String path, String state, long totalBytes, long freeBytes) {
}
