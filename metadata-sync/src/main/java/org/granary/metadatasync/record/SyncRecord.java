package org.granary.metadatasync.record;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * One file as both sides describe it once mapped: the canonical record metadata-sync syncs and
 * compares (see the README's mapping). The legacy database keys files by name; the catalogue's
 * record for a name is the newest version of that name that is not deleted.
 *
 * @param state {@code archived} or {@code superseded}
 * @param qaFlag {@code good}, {@code suspect}, {@code bad}, {@code unchecked}, or null when never assessed
 */
public record SyncRecord(String fileName, String esdt, int collection, Instant startTime, Instant endTime, Instant productionTime,
        Integer orbit, long sizeBytes, String md5, Long cksum, String state, String qaFlag) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public SyncRecord {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(esdt, "esdt is null");
        requireNonNull(state, "state is null");
    }

    /**
     * The fields joined by {@code |} in a fixed order, nulls empty, times to the microsecond in
     * UTC: the same text each database computes in SQL for its range hashes.
     */
    public String canonicalText() {
        StringJoiner text = new StringJoiner("|");
        text.add(fileName).add(esdt).add(Integer.toString(collection)).add(time(startTime)).add(time(endTime)).add(time(productionTime))
                .add(Objects.toString(orbit, "")).add(Long.toString(sizeBytes)).add(Objects.toString(md5, ""))
                .add(Objects.toString(cksum, "")).add(state).add(Objects.toString(qaFlag, ""));
        return text.toString();
    }

    /** MD5 of the canonical text, hex: what {@code sync_file.agreed_hash} keeps. */
    public String hash() {
        return HexFormat.of().formatHex(md5(canonicalText()));
    }

    /**
     * This record's share of a range hash: the first 60 bits of the MD5 of its canonical text, as
     * {@code ('x' || substr(md5(text), 1, 15))::bit(60)::bigint} gives it in SQL.
     */
    public long rangeHashTerm() {
        return new BigInteger(hash().substring(0, 15), 16).longValueExact();
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
