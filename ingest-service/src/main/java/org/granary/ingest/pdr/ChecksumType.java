package org.granary.ingest.pdr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The FILE_CKSUM_TYPE values we verify, and what a valid FILE_CKSUM_VALUE of each looks like. */
public enum ChecksumType {
    MD5(Pattern.compile("[0-9A-Fa-f]{32}")),
    SHA256(Pattern.compile("[0-9A-Fa-f]{64}")),
    /** The POSIX {@code cksum} CRC, in decimal: see {@link PosixCksum}. */
    CKSUM(Pattern.compile("[0-9]{1,10}"));

    private static final long CKSUM_MAX = 0xFFFF_FFFFL;

    private final Pattern format;

    ChecksumType(Pattern format) {
        this.format = format;
    }

    /** The type a PDR names, in any letter case. */
    public static Optional<ChecksumType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name.toUpperCase(Locale.ROOT))).findFirst();
    }

    public boolean accepts(String value) {
        return format.matcher(value).matches() && (this != CKSUM || Long.parseLong(value) <= CKSUM_MAX);
    }

    /** The value in one spelling (lower-case hex, decimal without leading zeros) so that values compare as strings. */
    public String normalise(String value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + name() + " checksum");
        }
        return this == CKSUM ? Long.toString(Long.parseLong(value)) : value.toLowerCase(Locale.ROOT);
    }
}
