package org.granary.archive;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import org.granary.archive.client.ContentSource;
import java.util.HexFormat;
import java.util.Random;

/** Test content and its name (a class: a record would compare its array by identity). */
public final class TestObjects {
    private final byte[] content;
    private final String checksum;

    private TestObjects(byte[] content, String checksum) {
        this.content = content;
        this.checksum = checksum;
    }

    public static TestObjects random(long seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return of(content);
    }

    public static TestObjects of(byte[] content) {
        return new TestObjects(content, sha256(content));
    }

    public byte[] content() {
        return content;
    }

    public String checksum() {
        return checksum;
    }

    /** The content as the archive client reads it, as often as it needs. */
    public ContentSource source() {
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public long size() {
                return content.length;
            }
        };
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
