package org.granary.ingest.push;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.codec.digest.DigestUtils;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * A push body passed straight on to the archive, counted and MD5-hashed on the way for the
 * catalogue. Its SHA-256 is not computed here: it is the object's name, and every archive node
 * checks the content against it as it writes (on a 2-core machine, hashing it here too cost a
 * quarter of the push's time). Nor is the POSIX cksum, which only PDR deliveries use, and those
 * are spooled.
 */
final class Md5InputStream extends FilterInputStream {
    private final MessageDigest md5 = DigestUtils.getMd5Digest();
    private final long maxBytes;
    private long size;

    Md5InputStream(InputStream body, long maxBytes) {
        super(body);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int read = super.read(bytes, offset, length);
        if (read > 0) {
            size += read;
            if (size > maxBytes) {
                throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "files up to " + maxBytes + " bytes are accepted");
            }
            md5.update(bytes, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must pass through the digest
    }

    long size() {
        return size;
    }

    /** The MD5 of everything read, hex; call once, at the end. */
    String md5() {
        return HexFormat.of().formatHex(md5.digest());
    }
}
