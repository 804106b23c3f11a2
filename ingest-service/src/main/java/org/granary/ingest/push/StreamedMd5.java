package org.granary.ingest.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The MD5 of a push passed straight on to the archive, for the catalogue: it reads a copy of the
 * bytes on a thread of its own while they go to the nodes ({@code ArchiveClient.putOnce} with
 * {@code alongside}), so hashing is off the path the bytes take. Its SHA-256 is not computed
 * here: it is the object's name, and every archive node checks the content against it as it
 * writes. Nor is the POSIX cksum, which only PDR deliveries use, and those are spooled.
 */
final class StreamedMd5 implements Consumer<InputStream> {
    private static final int BUFFER_BYTES = 256 << 10;

    private final MessageDigest md5 = DigestUtils.getMd5Digest();
    private long size;
    private String hex;

    @Override
    public void accept(InputStream copy) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            for (int read; (read = copy.read(buffer)) > 0; ) {
                md5.update(buffer, 0, read);
                size += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hex = HexFormat.of().formatHex(md5.digest());
    }

    /** Bytes hashed; read once the put returned. */
    long size() {
        return size;
    }

    /** The MD5 of everything, hex; read once the put returned. */
    String md5() {
        return hex;
    }
}
