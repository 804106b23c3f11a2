package org.granary.ingest.client;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * The canonical record of a file name, as both catalogues are compared and synced on (issue 24's
 * contract): what {@code POST /granules/sync} takes and {@code POST /granules/sync/rows} answers.
 * A deletion carries the file name alone ({@link #deletion}).
 *
 * @param state {@code archived} or {@code superseded}
 * @param md5 lowercase hex
 * @param cksum the POSIX cksum (unsigned 32-bit), or null
 * @param qaFlag {@code good}, {@code suspect}, {@code bad}, {@code unchecked}, or null
 */
public record SyncRecord(String fileName, boolean deleted, String esdt, Integer collection, Instant startTime, Instant endTime,
        Instant productionTime, Integer orbit, Long sizeBytes, String md5, Long cksum, String state, String qaFlag) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final int HASH_HEX_DIGITS = 15;

    public SyncRecord {
        requireNonNull(fileName, "fileName is null");
    }

    /** The record that says the file name is gone. */
    public static SyncRecord deletion(String fileName) {
        return new SyncRecord(fileName, true, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The canonical text, byte for byte as both databases compute it: the fields joined with
     * {@code |} (fileName, esdt, collection, startTime, endTime, productionTime, orbit, sizeBytes,
     * md5, cksum, state, qaFlag), a null as the empty string, times in UTC with microseconds.
     */
    public String canonicalText() {
        StringJoiner text = new StringJoiner("|");
        text.add(fileName).add(plain(esdt)).add(plain(collection)).add(time(startTime)).add(time(endTime)).add(time(productionTime))
                .add(plain(orbit)).add(plain(sizeBytes)).add(plain(md5)).add(plain(cksum)).add(plain(state)).add(plain(qaFlag));
        return text.toString();
    }

    /** This record's term of a range hash: the first 60 bits of the MD5 of its canonical text. */
    public long hashTerm() {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(canonicalText().getBytes(StandardCharsets.UTF_8));
            return Long.parseLong(HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }

    /** The range hash of records (order does not matter), as {@code POST /granules/sync/hashes} answers it. */
    public static String rangeHash(Iterable<SyncRecord> records) {
        BigInteger sum = BigInteger.ZERO;
        for (SyncRecord record : records) {
            sum = sum.add(BigInteger.valueOf(record.hashTerm()));
        }
        return sum.toString();
    }

    private static String plain(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String time(Instant time) {
        return time == null ? "" : TIME.format(time);
    }
}
