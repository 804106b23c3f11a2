package org.granary.metadatasync.legacy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.granary.metadatasync.record.SyncRecord;

/**
 * The legacy columns to the canonical record and back, field by field (the README's table). What
 * cannot be mapped is said in words, for the quarantine.
 */
public final class LegacyMapping {
    private static final Map<String, String> QA_FLAGS = Map.of("G", "good", "S", "suspect", "B", "bad", "U", "unchecked");
    private static final Map<String, String> QA_CODES = Map.of("good", "G", "suspect", "S", "bad", "B", "unchecked", "U");

    /** A legacy row mapped, or the reason it cannot be. */
    public sealed interface Mapped {
        record Mappable(SyncRecord record) implements Mapped {
        }

        record Unmappable(String reason) implements Mapped {
        }
    }

    private LegacyMapping() {
    }

    public static Mapped toRecord(LegacyRow row) {
        String code = row.esdtCode() == null ? "" : row.esdtCode().strip();
        int dot = code.lastIndexOf('.');
        if (dot <= 0 || dot == code.length() - 1 || !code.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return new Mapped.Unmappable("esdt_code '" + code + "' is not <short name>.<collection>, as OMTO3.003");
        }
        if (row.startTime() != null && row.stopTime() != null && row.stopTime().isBefore(row.startTime())) {
            return new Mapped.Unmappable("stop_time " + row.stopTime() + " is before start_time " + row.startTime());
        }
        String md5 = row.md5Checksum() == null ? null : row.md5Checksum().strip().toLowerCase(Locale.ROOT);
        if (md5 == null || !md5.matches("[0-9a-f]{32}")) {
            return new Mapped.Unmappable("md5_checksum '" + row.md5Checksum() + "' is not 32 hexadecimal digits");
        }
        if (row.fileSize() == null || row.fileSize().signum() < 0 || row.fileSize().stripTrailingZeros().scale() > 0) {
            return new Mapped.Unmappable("file_size " + row.fileSize() + " is not a number of bytes");
        }
        String state = switch (Optional.ofNullable(row.statusCode()).orElse("")) {
            case "A" -> "archived";
            case "S" -> "superseded";
            default -> null;
        };
        if (state == null) {
            return new Mapped.Unmappable("status_code '" + row.statusCode() + "' is neither A nor S");
        }
        String qa = row.qaFlag() == null ? null : QA_FLAGS.get(row.qaFlag());
        if (row.qaFlag() != null && qa == null) {
            return new Mapped.Unmappable("qa_flag '" + row.qaFlag() + "' is none of G, S, B, U");
        }
        return new Mapped.Mappable(new SyncRecord(row.fileName(), code.substring(0, dot), Integer.parseInt(code.substring(dot + 1)),
                utc(row.startTime()), utc(row.stopTime()), utc(row.productionTime()), row.orbitNumber(), row.fileSize().longValueExact(),
                md5, row.cksumValue(), state, qa));
    }

    /** {@code OMTO3.003}. */
    public static String esdtCode(SyncRecord record) {
        return record.esdt() + "." + String.format(Locale.ROOT, "%03d", record.collection());
    }

    public static String statusCode(SyncRecord record) {
        return record.state().equals("superseded") ? "S" : "A";
    }

    /** The legacy flag of a catalogue QA flag, or null for none. */
    public static String qaCode(SyncRecord record) {
        return record.qaFlag() == null ? null : QA_CODES.get(record.qaFlag());
    }

    /** The legacy system wrote its times in UTC without a zone. */
    static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime legacyTime(Instant time) {
        return time == null ? null : LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    }
}
