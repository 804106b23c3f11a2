package org.granary.ingest.client;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checksums a push declares, hex, each optional; ingest checks every one given against the
 * content and refuses a mismatch (422, nothing kept). A push of 8 MiB or more that declares its
 * SHA-256 and no MD5 goes straight to the archive nodes, without ingest's spool.
 */
public record DeclaredChecksums(String md5, String sha256) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public DeclaredChecksums {
        md5 = hex(md5, 16, "MD5");
        sha256 = hex(sha256, 32, "SHA-256");
    }

    public static DeclaredChecksums none() {
        return new DeclaredChecksums(null, null);
    }

    public static DeclaredChecksums sha256(String hex) {
        return new DeclaredChecksums(null, hex);
    }

    public static DeclaredChecksums md5(String hex) {
        return new DeclaredChecksums(hex, null);
    }

    private static String hex(String value, int bytes, String algorithm) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.length() != bytes * 2 || !HEX.matcher(lower).matches()) {
            throw new IllegalArgumentException("a " + algorithm + " is " + bytes * 2 + " hex digits, not " + value);
        }
        return lower;
    }
}
