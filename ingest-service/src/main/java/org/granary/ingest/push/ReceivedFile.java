package org.granary.ingest.push;

import org.granary.archive.client.ContentSource;

import static java.util.Objects.requireNonNull;

/**
 * A pushed file as it arrived, with what hashing it on arrival found: held in memory when small,
 * else in the spool. {@code cksum} is {@link #NO_CKSUM} unless it was asked for. Closing lets it
 * go (deletes the spool file, frees the memory slot).
 */
public record ReceivedFile(ContentSource content, long size, String sha256, String md5, long cksum, Runnable release)
        implements AutoCloseable {
    /** The cksum of a file received without it: only deliveries whose PDR declares a cksum need one. */
    public static final long NO_CKSUM = -1;

    public ReceivedFile {
        requireNonNull(content, "content is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(release, "release is null");
    }

    @Override
    public void close() {
        release.run();
    }
}
