package org.granary.ingest.granule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Granules read from the rows of statements that run through JDBC rather than jOOQ (see {@link
 * GranuleRepository#insertWithEvent}): the granule table's columns, under a prefix where one row
 * holds several granules.
 */
public final class GranuleRows {
    private GranuleRows() {
    }

    /** The granule whose columns are named {@code prefix} + column; empty when the row holds none (a null id). */
    public static Optional<Granule> read(ResultSet row, String prefix) throws SQLException {
        long id = row.getLong(prefix + "id");
        if (row.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new Granule(id, row.getString(prefix + "esdt"), row.getInt(prefix + "collection"),
                row.getString(prefix + "file_name"), row.getInt(prefix + "version"), row.getString(prefix + "product_key"),
                instant(row, prefix + "start_time"), instant(row, prefix + "end_time"), row.getObject(prefix + "orbit", Integer.class),
                row.getObject(prefix + "part", Integer.class), instant(row, prefix + "production_time"), row.getLong(prefix + "size_bytes"),
                row.getString(prefix + "sha256"), row.getString(prefix + "md5"), row.getObject(prefix + "cksum", Long.class),
                row.getString(prefix + "source"), row.getString(prefix + "producing_job"), instant(row, prefix + "ingested_at"),
                row.getString(prefix + "state"), row.getString(prefix + "qa_flag")));
    }

    /** The instant of a {@code timestamptz} column, or null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
