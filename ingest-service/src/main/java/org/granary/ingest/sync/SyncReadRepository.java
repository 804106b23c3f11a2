package org.granary.ingest.sync;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.granary.ingest.granule.GranuleRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What reconciliation and the change feed read: range hashes, canonical rows, events in commit order. */
@Repository
class SyncReadRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    SyncReadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One key range [from, to) and what it holds. */
    record RangeHash(String from, String to, long count, String hash) {
    }

    /** The hashes of the ranges, all read in one snapshot so that they add up. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public List<RangeHash> hashes(List<KeyRange> ranges, RangeFilter filter) {
        List<RangeHash> hashes = new ArrayList<>(ranges.size());
        for (KeyRange range : ranges) {
            CanonicalSql.Selection current = CanonicalSql.current(range.from(), range.to(), filter);
            hashes.add(jdbc.sql(CanonicalSql.HASH + current.sql()).params(current.parameters())
                    .query((row, number) -> new RangeHash(range.from(), range.to(), row.getLong(1), row.getString(2))).single());
        }
        return hashes;
    }

    /**
     * A canonical record, the granule that holds it, and whether the archive holds its bytes (a
     * granule catalogued from the legacy side has its metadata only): a repair that writes the file
     * to the legacy side gives it the granule's content URL as {@code archive_path} only then.
     */
    record CatalogueRow(@JsonUnwrapped CanonicalRecord record, long granuleId, boolean contentInArchive) {
    }

    /** The canonical records of a range with their granules, by file name byte for byte, at most {@code limit}. */
    public List<CatalogueRow> rows(KeyRange range, RangeFilter filter, int limit) {
        CanonicalSql.Selection current = CanonicalSql.current(range.from(), range.to(), filter);
        List<Object> parameters = new ArrayList<>(current.parameters());
        parameters.add(limit);
        return jdbc.sql("SELECT c.* FROM " + current.sql() + " ORDER BY c.file_name COLLATE \"C\" LIMIT ?").params(parameters)
                .query((row, number) -> new CatalogueRow(canonical(row), row.getLong("id"), row.getString("sha256") != null)).list();
    }

    private static CanonicalRecord canonical(ResultSet row) throws SQLException {
        return new CanonicalRecord(row.getString("file_name"), false, row.getString("esdt"), row.getInt("collection"),
                GranuleRows.instant(row, "start_time"), GranuleRows.instant(row, "end_time"), GranuleRows.instant(row, "production_time"),
                row.getObject("orbit", Integer.class), row.getLong("size_bytes"), row.getString("md5"), row.getObject("cksum", Long.class),
                row.getString("state"), row.getString("qa_flag"));
    }

    /** One event of the feed. */
    record Change(long transactionId, long id, String type, String origin, JsonNode granule, Instant createdAt) {
    }

    /**
     * The events after the position (transaction id, event id) in the order the fan-out takes them
     * (see the event package's repository): by transaction, then id, and only those of transactions
     * older than every one still running, so no event can later appear before the position.
     */
    public List<Change> changes(long afterTransaction, long afterEvent, int limit) {
        return jdbc.sql("""
                        SELECT transaction_id, id, event_type, origin, payload::text, created_at FROM outbox_event
                        WHERE (transaction_id, id) > (?, ?) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                        ORDER BY transaction_id, id LIMIT ?""")
                .params(afterTransaction, afterEvent, limit)
                .query((row, number) -> new Change(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                        JSON.readTree(row.getString(5)).get("granule"), row.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }
}
