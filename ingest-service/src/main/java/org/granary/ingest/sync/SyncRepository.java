package org.granary.ingest.sync;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.granary.ingest.granule.GranuleJson;
import org.granary.ingest.granule.GranuleRepository;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Repository;

/**
 * Applies a batch of canonical records in one transaction, set-based: the records are copied into
 * a temporary table (COPY), each is judged against the newest granule of its file name in one
 * statement, and each kind of change is one statement that writes its events too. Plain JDBC: COPY
 * needs PgJDBC's {@code CopyManager}, and the statements are SQL through and through.
 */
@Repository
class SyncRepository {
    /** The first key of the advisory locks on file names, so that they meet no other lock of this database. */
    private static final int FILE_NAME_LOCKS = 24;

    private final DataSource dataSource;

    SyncRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What became of a record: its outcome and its granule. */
    record Applied(int ordinal, String outcome, Long granuleId) {
    }

    /** Thrown when a concurrent push took a product version this batch meant to make: the batch is rolled back. */
    static final class VersionTaken extends RuntimeException {
        VersionTaken() {
            super("a concurrent write took a product version", null, false, false);
        }
    }

    List<Applied> apply(String origin, List<ValidRecord> records) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Applied> applied = apply(connection, origin, records);
                connection.commit();
                return applied;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static List<Applied> apply(Connection connection, String origin, List<ValidRecord> records) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TEMP TABLE sync_input (ordinal int, file_name text, deleted boolean, esdt text, collection int,
                        product_key text, part int, start_time timestamptz, end_time timestamptz, production_time timestamptz,
                        orbit int, size_bytes bigint, md5 text, cksum bigint, state text, qa_flag text) ON COMMIT DROP""");
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY sync_input FROM STDIN (FORMAT csv)", new StringReader(csv(records)));
            // Concurrent batches on the same file names wait for each other, locking in one order (no deadlock).
            statement.execute("SELECT count(pg_advisory_xact_lock(" + FILE_NAME_LOCKS + ", hashtext(file_name))) FROM "
                    + "(SELECT file_name FROM sync_input ORDER BY file_name COLLATE \"C\" OFFSET 0) AS ordered");
            statement.execute(PLAN);
            statement.execute("ANALYZE sync_plan"); // temporary tables get no statistics otherwise: the joins below need them
            statement.execute(VERSIONS);
        }
        change(connection, origin, SUPERSEDE, GranuleRepository.GRANULE_SUPERSEDED);
        change(connection, origin, CORRECT, GranuleRepository.GRANULE_CORRECTED);
        change(connection, origin, DELETE, GranuleRepository.GRANULE_DELETED);
        insert(connection, origin);
        List<Applied> applied = new ArrayList<>(records.size());
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT ordinal, outcome, coalesce(granule_id, current_id) FROM sync_plan")) {
            while (rows.next()) {
                applied.add(new Applied(rows.getInt(1), rows.getString(2), rows.getObject(3, Long.class)));
            }
        }
        return applied;
    }

    /** One kind of change ({@code update} returns the changed granules as {@code changed}), with an event for each. */
    private static void change(Connection connection, String origin, String update, String eventType) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("WITH changed AS (" + update + ") " + event(eventType, "changed"))) {
            statement.setString(1, origin);
            statement.executeUpdate();
        }
    }

    private static void insert(Connection connection, String origin) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("WITH inserted AS (" + INSERT + "), event AS ("
                + event(GranuleRepository.GRANULE_ARCHIVED, "inserted")
                + ") UPDATE sync_plan p SET granule_id = i.id FROM inserted i WHERE i.file_name = p.file_name AND i.version = p.version")) {
            statement.setString(1, origin);
            int made = statement.executeUpdate();
            try (Statement count = connection.createStatement();
                    ResultSet planned = count.executeQuery("SELECT count(*) FROM sync_plan WHERE outcome IN ('inserted', 'new-version')")) {
                planned.next();
                if (planned.getInt(1) != made) {
                    throw new VersionTaken();
                }
            }
        }
    }

    /** The events of the granules a CTE returned, with the request's origin (the one parameter). */
    private static String event(String type, String cte) {
        return "INSERT INTO outbox_event (event_type, granule_id, esdt, payload, origin) SELECT '" + type + "', g.id, g.esdt, "
                + GranuleJson.payload(type, "o.origin", "g") + ", o.origin FROM " + cte + " g CROSS JOIN (SELECT CAST(? AS text) AS origin) o "
                + "ORDER BY g.id";
    }

    /**
     * Each record against the newest granule of its file name: deleted (or unchanged when there is
     * none, or it is deleted already); inserted when there is none or it is deleted; with the same
     * size and MD5, corrected when another field differs, else unchanged; else a new version.
     */
    private static final String PLAN = """
            CREATE TEMP TABLE sync_plan ON COMMIT DROP AS
            SELECT i.*, c.id AS current_id, c.state AS current_state, NULL::bigint AS granule_id, NULL::int AS version,
                CASE
                    WHEN i.deleted THEN CASE WHEN c.id IS NOT NULL AND c.state <> 'deleted' THEN 'deleted' ELSE 'unchanged' END
                    WHEN c.id IS NULL OR c.state = 'deleted' THEN 'inserted'
                    WHEN c.size_bytes = i.size_bytes AND c.md5 = i.md5 THEN
                        CASE WHEN (c.start_time, c.end_time, c.production_time, c.orbit, c.cksum, c.state, c.qa_flag)
                                IS NOT DISTINCT FROM (i.start_time, i.end_time, i.production_time, i.orbit, i.cksum, i.state, i.qa_flag)
                            THEN 'unchanged' ELSE 'corrected' END
                    ELSE 'new-version'
                END AS outcome
            FROM sync_input i
            LEFT JOIN LATERAL (SELECT g.id, g.state, g.size_bytes, g.md5, g.start_time, g.end_time, g.production_time, g.orbit,
                                      g.cksum, g.qa_flag
                               FROM granule g WHERE g.file_name COLLATE "C" = i.file_name
                               ORDER BY g.version DESC LIMIT 1) c ON true""";

    /** New granules take the next versions of their products, in request order within the batch. */
    private static final String VERSIONS = """
            UPDATE sync_plan p SET version = coalesce(newest.version, 0) + ranked.rank
            FROM (SELECT ordinal, esdt, collection, product_key, part,
                         row_number() OVER (PARTITION BY esdt, collection, product_key, part ORDER BY ordinal) AS rank
                  FROM sync_plan WHERE outcome IN ('inserted', 'new-version')) ranked,
                 LATERAL (SELECT max(g.version) AS version FROM granule g
                          WHERE g.esdt = ranked.esdt AND g.collection = ranked.collection
                            AND g.product_key = ranked.product_key AND g.part IS NOT DISTINCT FROM ranked.part) newest
            WHERE p.ordinal = ranked.ordinal""";

    /** A reprocessing overwrite: the file's granule becomes superseded by the new version. */
    private static final String SUPERSEDE = """
            UPDATE granule g SET state = 'superseded' FROM sync_plan p
            WHERE p.outcome = 'new-version' AND g.id = p.current_id AND g.state = 'archived' RETURNING g.*""";

    private static final String CORRECT = """
            UPDATE granule g SET start_time = p.start_time, end_time = p.end_time, production_time = p.production_time,
                orbit = p.orbit, cksum = p.cksum, state = p.state, qa_flag = p.qa_flag
            FROM sync_plan p WHERE p.outcome = 'corrected' AND g.id = p.current_id RETURNING g.*""";

    private static final String DELETE = """
            UPDATE granule g SET state = 'deleted' FROM sync_plan p
            WHERE p.outcome = 'deleted' AND g.id = p.current_id RETURNING g.*""";

    /** Granules from the legacy catalogue have no SHA-256: their bytes are in the old archive. */
    private static final String INSERT = """
            INSERT INTO granule (esdt, collection, file_name, version, product_key, part, start_time, end_time, orbit, production_time,
                                 size_bytes, sha256, md5, cksum, source, producing_job, state, qa_flag)
            SELECT esdt, collection, file_name, version, product_key, part, start_time, end_time, orbit, production_time,
                   size_bytes, NULL, md5, cksum, 'legacy-sync', NULL, state, qa_flag
            FROM sync_plan WHERE outcome IN ('inserted', 'new-version') ORDER BY ordinal
            ON CONFLICT ON CONSTRAINT granule_one_product_version DO NOTHING
            RETURNING *""";

    /** The records as CSV for COPY: a null is an unquoted empty field, every text is quoted. */
    static String csv(List<ValidRecord> records) {
        StringBuilder csv = new StringBuilder(records.size() * 256);
        for (ValidRecord valid : records) {
            CanonicalRecord record = valid.record();
            boolean deleted = record.deleted();
            csv.append(valid.ordinal()).append(',');
            quoted(csv, record.fileName()).append(',').append(deleted).append(',');
            quoted(csv, record.esdt()).append(',').append(plain(record.collection())).append(',');
            quoted(csv, deleted ? null : valid.product().key()).append(',').append(plain(deleted ? null : valid.product().part())).append(',');
            csv.append(time(record.startTime())).append(',').append(time(record.endTime())).append(',')
                    .append(time(record.productionTime())).append(',').append(plain(record.orbit())).append(',')
                    .append(plain(record.sizeBytes())).append(',');
            quoted(csv, record.md5()).append(',').append(plain(record.cksum())).append(',');
            quoted(csv, record.state()).append(',');
            quoted(csv, record.qaFlag()).append('\n');
        }
        return csv.toString();
    }

    private static StringBuilder quoted(StringBuilder csv, String text) {
        return text == null ? csv : csv.append('"').append(text.replace("\"", "\"\"")).append('"');
    }

    private static String plain(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String time(Instant time) {
        return time == null ? "" : time.toString();
    }
}
