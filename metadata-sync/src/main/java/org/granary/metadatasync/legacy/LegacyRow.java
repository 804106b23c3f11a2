package org.granary.metadatasync.legacy;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/** A row of {@code file_inventory} with its {@code file_qa} flag, as the legacy database holds it. */
public record LegacyRow(String fileName, String esdtCode, LocalDateTime startTime, LocalDateTime stopTime, LocalDateTime productionTime,
        Integer orbitNumber, BigDecimal fileSize, String md5Checksum, Long cksumValue, String archivePath, String statusCode, String qaFlag) {
    public LegacyRow {
        requireNonNull(fileName, "fileName is null");
    }
}
