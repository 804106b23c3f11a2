package org.granary.archive;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Test content and its name. */
record TestObjects(byte[] content, String checksum) {
    static TestObjects random(long seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return of(content);
    }

    static TestObjects of(byte[] content) {
        return new TestObjects(content, sha256(content));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
