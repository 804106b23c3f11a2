package org.granary.ingest.granule;

/**
 * A granule as {@code GET /granules/{id}} shows it, built in SQL from a row of the granule table:
 * for events written by set-based statements, which make many granules' JSON without a round trip
 * through Java. Times are UTC with microseconds, as the {@code ingestedAt} of a push's event.
 */
public final class GranuleJson {
    private GranuleJson() {
    }

    /** The time as the events write it, or SQL null. */
    public static String time(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    /** A {@code jsonb} expression of the granule row under {@code alias}. */
    public static String of(String alias) {
        String a = alias + ".";
        return "jsonb_build_object('id', " + a + "id, 'esdt', " + a + "esdt, 'collection', " + a + "collection, 'fileName', " + a
                + "file_name, 'version', " + a + "version, 'productKey', " + a + "product_key, 'startTime', " + time(a + "start_time")
                + ", 'endTime', " + time(a + "end_time") + ", 'orbit', " + a + "orbit, 'part', " + a + "part, 'productionTime', "
                + time(a + "production_time") + ", 'sizeBytes', " + a + "size_bytes, 'sha256', " + a + "sha256, 'md5', " + a
                + "md5, 'cksum', " + a + "cksum, 'source', " + a + "source, 'producingJob', " + a + "producing_job, 'ingestedAt', "
                + time(a + "ingested_at") + ", 'state', " + a + "state, 'qaFlag', " + a + "qa_flag)";
    }

    /**
     * The event's payload: {@code {"type": ..., "origin": ..., "granule": {...}}}; {@code origin} is
     * a SQL expression (a parameter or {@code NULL}).
     */
    public static String payload(String type, String origin, String alias) {
        return "jsonb_build_object('type', '" + type + "', 'origin', " + origin + ", 'granule', " + of(alias) + ")";
    }
}
