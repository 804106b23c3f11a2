package org.granary.ingest.push;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * The checksums a client declared for a push, as lowercase hex; either may be null. They come
 * from {@code Content-MD5} (RFC 1864, base64), {@code Repr-Digest} (RFC 9530: {@code sha-256} and
 * {@code md5}, base64 in colons) or the query parameters {@code md5} and {@code sha256} (hex).
 */
public record DeclaredChecksums(String md5, String sha256) {
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9-]+)\\s*=\\s*:([A-Za-z0-9+/=]+):");

    public static DeclaredChecksums none() {
        return new DeclaredChecksums(null, null);
    }

    public static DeclaredChecksums from(String contentMd5, String reprDigest, String md5Parameter, String sha256Parameter) {
        String md5 = agree("MD5", hex(md5Parameter, 32, "md5"), base64(contentMd5, 16, "Content-MD5"));
        String sha256 = hex(sha256Parameter, 64, "sha256");
        if (reprDigest != null) {
            Matcher digest = DIGEST.matcher(reprDigest);
            while (digest.find()) {
                switch (digest.group(1).toLowerCase(Locale.ROOT)) {
                    case "sha-256" -> sha256 = agree("SHA-256", sha256, base64(digest.group(2), 32, "Repr-Digest sha-256"));
                    case "md5" -> md5 = agree("MD5", md5, base64(digest.group(2), 16, "Repr-Digest md5"));
                    default -> { } // other algorithms are not ours to check
                }
            }
        }
        return new DeclaredChecksums(md5, sha256);
    }

    private static String agree(String algorithm, String one, String other) {
        if (one != null && other != null && !one.equals(other)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "two different " + algorithm + " checksums were declared: " + one + " and " + other);
        }
        return one != null ? one : other;
    }

    private static String hex(String value, int digits, String name) {
        if (value == null) {
            return null;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{" + digits + "}")) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, name + " must be " + digits + " hex digits: " + value);
        }
        return lower;
    }

    private static String base64(String value, int bytes, String name) {
        if (value == null) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(value.strip());
            if (decoded.length != bytes) {
                throw new IllegalArgumentException("wrong length");
            }
            return HexFormat.of().formatHex(decoded);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, name + " must be the base64 of " + bytes + " bytes: " + value);
        }
    }
}
