package org.granary.ingest.event;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A granule and its "granule archived" event inserted as a push's catalogue statement does, for tests of the fan-out. */
public final class OutboxRows {
    private OutboxRows() {
    }

    /** Inserts the granule and its event (payload {@code {"type": ..., "granule": {"id": ...}}}); returns the event's id. */
    public static long insertGranuleWithEvent(JdbcClient sql, String esdt, String fileName) {
        // Granules have a product key from patch 0007 on; tests of older schemas insert without one.
        boolean productKey = sql.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'granule' "
                + "AND column_name = 'product_key'").query(Long.class).single() > 0;
        long granule = sql.sql("INSERT INTO granule (esdt, collection, file_name, size_bytes, sha256, md5, source"
                        + (productKey ? ", product_key" : "") + ") VALUES (?, 3, ?, 1, repeat('a', 64), repeat('b', 32), 'test'"
                        + (productKey ? ", 'file:' || ?" : "") + ") RETURNING id")
                .params(productKey ? new Object[] {esdt, fileName, fileName} : new Object[] {esdt, fileName}).query(Long.class).single();
        return sql.sql("INSERT INTO outbox_event (event_type, granule_id, esdt, payload) SELECT 'granule-archived', id, esdt, "
                        + "jsonb_build_object('type', 'granule-archived', 'granule', jsonb_build_object('id', id)) FROM granule "
                        + "WHERE id = ? RETURNING id")
                .param(granule).query(Long.class).single();
    }

    /** The granule an event announces. */
    public static long granuleOf(JdbcClient sql, long eventId) {
        return sql.sql("SELECT granule_id FROM outbox_event WHERE id = ?").param(eventId).query(Long.class).single();
    }
}
