package org.granary.archive.client;

import java.util.regex.Pattern;

/** The names of archive objects: SHA-256, 64 lowercase hex digits. */
public final class Checksums {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Checksums() {
    }

    public static boolean isSha256(String name) {
        return name != null && SHA256.matcher(name).matches();
    }
}
