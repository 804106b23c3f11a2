package org.granary.ingest.sync;

import java.util.ArrayList;
import java.util.List;
import org.granary.ingest.granule.GranuleJson;

/**
 * The canonical records of the catalogue in SQL: the newest version of each file name in a key
 * range (file names compared byte for byte, {@code COLLATE "C"}), unless it is deleted, and the
 * canonical text the contract fixes, so that either catalogue hashes a range inside its database.
 */
final class CanonicalSql {
    /** The contract's canonical text of the row {@code c}: the fields joined with '|', a null as empty. */
    static final String TEXT = "c.file_name || '|' || c.esdt || '|' || c.collection || '|' || coalesce(" + GranuleJson.time("c.start_time")
            + ", '') || '|' || coalesce(" + GranuleJson.time("c.end_time") + ", '') || '|' || coalesce(" + GranuleJson.time("c.production_time")
            + ", '') || '|' || coalesce(c.orbit::text, '') || '|' || c.size_bytes || '|' || c.md5 || '|' || coalesce(c.cksum::text, '') || '|' "
            + "|| c.state || '|' || coalesce(c.qa_flag, '')";

    /** The range hash: count and the sum of the first 60 bits of each canonical text's MD5, as numeric. */
    static final String HASH = "SELECT count(*), coalesce(sum(('x' || substr(md5(" + TEXT + "), 1, 15))::bit(60)::bigint), 0)::text FROM ";

    private CanonicalSql() {
    }

    /** The current records of a range with the filters, as a sub-query aliased {@code c}, and its parameters. */
    record Selection(String sql, List<Object> parameters) {
    }

    static Selection current(String from, String to, RangeFilter filter) {
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            inner.add("g.file_name COLLATE \"C\" >= ?");
            parameters.add(from);
        }
        if (to != null) {
            inner.add("g.file_name COLLATE \"C\" < ?");
            parameters.add(to);
        }
        if (filter.esdt() != null) {
            inner.add("g.esdt = ?");
            parameters.add(filter.esdt());
        }
        if (filter.collection() != null) {
            inner.add("g.collection = ?");
            parameters.add(filter.collection());
        }
        outer.add("c.state <> 'deleted'");
        if (filter.startFrom() != null) {
            outer.add("c.start_time >= ?");
            parameters.add(filter.startFrom().atOffset(java.time.ZoneOffset.UTC));
        }
        if (filter.startTo() != null) {
            outer.add("c.start_time < ?");
            parameters.add(filter.startTo().atOffset(java.time.ZoneOffset.UTC));
        }
        String sql = "(SELECT DISTINCT ON (g.file_name COLLATE \"C\") g.* FROM granule g"
                + (inner.isEmpty() ? "" : " WHERE " + String.join(" AND ", inner))
                + " ORDER BY g.file_name COLLATE \"C\", g.version DESC) c WHERE " + String.join(" AND ", outer);
        return new Selection(sql, parameters);
    }
}
