package org.granary.ops.legacy;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The demo's legacy rows ({@code ops/granary up --demo}): years of OMI files the new catalogue has
 * not seen (the orbits after the demo's day), made by the server from {@code generate_series} in
 * one transaction: every orbit's level 1B and level 2 files, the daily grids, every 25th orbit's
 * level 2 reprocessed (the first version superseded, 'S'), QA rows for two thirds of level 2,
 * lineage from each level 2 file to its orbit's level 1B, MD5 in upper case and a cksum, as the
 * old system kept them. A handful of rows cannot be mapped, so that the quarantine has something
 * to show. A database that has rows already is left as it is.
 */
public final class LegacyDemoRows {
    /** About three and a half years of orbits. */
    public static final long DEFAULT_ROWS = 150_000;
    /** Every 25th orbit's level 2 files were reprocessed: the first version superseded. */
    private static final int REPROCESSED_EVERY = 25;
    /** Rows per orbit: 8 orbital files, level 2 reprocessed now and then, 2 daily files a day. */
    private static final double ROWS_PER_ORBIT = LegacyProduct.ORBITAL.size() + (double) LegacyProduct.LEVEL_2.size() / REPROCESSED_EVERY
            + LegacyProduct.DAILY.size() * LegacyProduct.ORBIT.toSeconds() / 86_400.0;
    private static final String ORBIT_START = "timestamp '2004-10-01 00:03:00' + (orbit - 1132) * interval '" + LegacyProduct.ORBIT.toSeconds() + " seconds'";

    /** Rows no sync can map: an unknown type or collection, a stop before the start, a name that is not its type's. */
    private static final String UNMAPPABLE = """
            INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time, orbit_number, file_size,
                                        md5_checksum, cksum_value, archive_path, status_code)
            SELECT name, code, start_time, stop_time, start_time + interval '3 hours', orbit, 1234567, upper(md5(name)),
                   hashtext(name)::bigint & 4294967295, '/archive/omi/unsorted/' || name, 'A'
            FROM (VALUES
                ('OMI-Aura_L2-OMXYZ_2005m0101t0041-o02801_v003-2005m0101t034100.he5', 'OMXYZ.003',
                 timestamp '2005-01-01 00:41:00', timestamp '2005-01-01 02:19:53', 2801),
                ('OMI-Aura_L2-OMXYZ_2005m0101t0219-o02802_v003-2005m0101t051900.he5', 'OMXYZ.003',
                 timestamp '2005-01-01 02:19:53', timestamp '2005-01-01 03:58:46', 2802),
                ('OMI-Aura_L2-OMTO3_2005m0101t0041-o02801_v099-2005m0101t034100.he5', 'OMTO3.099',
                 timestamp '2005-01-01 00:41:00', timestamp '2005-01-01 02:19:53', 2801),
                ('OMI-Aura_L2-OMNO2_2005m0102t0000-o02816_v003-2005m0102t030000.he5', 'OMNO2.003',
                 timestamp '2005-01-02 00:00:00', timestamp '2005-01-01 22:21:07', 2816),
                ('OMI-Aura_L2-OMSO2_2005m0102t0000-o02816_v003-2005m0102t030000.he5', 'OMSO2.003',
                 timestamp '2005-01-02 00:00:00', timestamp '2005-01-01 23:59:59', 2816),
                ('omto3_2005_002_orbit2817.hdf', 'OMTO3.003',
                 timestamp '2005-01-02 01:38:53', timestamp '2005-01-02 03:17:46', 2817)
            ) AS unmappable(name, code, start_time, stop_time, orbit)
            ON CONFLICT (file_name) DO NOTHING""";

    private final String jdbcUrl;
    private final PrintStream out;

    public LegacyDemoRows(String jdbcUrl, PrintStream out) {
        this.jdbcUrl = jdbcUrl;
        this.out = out;
    }

    /** Fills an empty legacy database with about {@code rows} rows; says what is there either way. */
    public void fill(long rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            long existing = count(connection, "file_inventory");
            if (existing > 0) {
                out.printf("legacy: granary_legacy holds %,d files already; left as they are%n", existing);
                return;
            }
            long begin = System.nanoTime();
            int lastOrbit = LegacyProduct.FIRST_ORBIT + (int) Math.max(1, Math.round(rows / ROWS_PER_ORBIT)) - 1;
            connection.setAutoCommit(false);
            insertOrbitalFiles(connection, lastOrbit);
            insertDailyFiles(connection, lastOrbit);
            execute(connection, lineage());
            execute(connection, qualityAssessments());
            execute(connection, UNMAPPABLE);
            connection.commit();
            connection.setAutoCommit(true);
            execute(connection, "ANALYZE file_inventory, file_qa, file_lineage");
            report(connection, lastOrbit, (System.nanoTime() - begin) / 1_000_000);
        }
    }

    private static void insertOrbitalFiles(Connection connection, int lastOrbit) throws SQLException {
        String products = LegacyProduct.ORBITAL.stream()
                .map(product -> "('" + product.shortName() + "', '" + product.level() + "', '" + product.extension() + "')")
                .collect(Collectors.joining(", "));
        String reprocessed = "p.level = 'L2' AND o.orbit % " + REPROCESSED_EVERY + " = 0";
        String sql = """
                INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time, orbit_number, file_size,
                                            md5_checksum, cksum_value, archive_path, status_code, insert_time, update_time)
                SELECT name, short_name || '.003', start_time, start_time + interval '%1$d seconds', production, orbit,
                       CASE level WHEN 'L1' THEN 60000000 ELSE 5000000 END + abs(hashtext(name)) %% 30000000,
                       upper(md5(name)), hashtext(name || '/cksum')::bigint & 4294967295,
                       '/archive/omi/' || short_name || '/' || to_char(start_time, 'YYYY/DDD') || '/' || name,
                       status, production + interval '20 minutes', production + interval '20 minutes'
                FROM (SELECT p.short_name, p.level, o.orbit, o.start_time, v.production, v.status,
                             'OMI-Aura_' || p.level || '-' || p.short_name || '_' || to_char(o.start_time, 'YYYY"m"MMDD"t"HH24MI')
                             || '-o' || lpad(o.orbit::text, greatest(5, length(o.orbit::text)), '0') || '_v003-'
                             || to_char(v.production, 'YYYY"m"MMDD"t"HH24MISS') || '.' || p.extension AS name
                      FROM (SELECT orbit, %2$s AS start_time FROM generate_series(?::int, ?::int) AS orbit) AS o
                      CROSS JOIN (VALUES %3$s) AS p(short_name, level, extension)
                      CROSS JOIN LATERAL (
                          SELECT o.start_time + interval '3 hours', CASE WHEN %4$s THEN 'S' ELSE 'A' END
                          UNION ALL
                          SELECT o.start_time + interval '400 days 3 hours', 'A' WHERE %4$s
                      ) AS v(production, status)) AS files
                """.formatted(LegacyProduct.ORBIT.toSeconds(), ORBIT_START, products, reprocessed);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setInt(1, LegacyProduct.FIRST_ORBIT);
            insert.setInt(2, lastOrbit);
            insert.executeUpdate();
        }
    }

    private static void insertDailyFiles(Connection connection, int lastOrbit) throws SQLException {
        String products = LegacyProduct.DAILY.stream().map(product -> "('" + product.shortName() + "')").collect(Collectors.joining(", "));
        String sql = """
                INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time, orbit_number, file_size,
                                            md5_checksum, cksum_value, archive_path, status_code, insert_time, update_time)
                SELECT name, short_name || '.003', day, day + interval '1 day', production, NULL,
                       1500000 + abs(hashtext(name)) %% 1000000, upper(md5(name)), hashtext(name || '/cksum')::bigint & 4294967295,
                       '/archive/omi/' || short_name || '/' || to_char(day, 'YYYY/DDD') || '/' || name,
                       'A', production + interval '20 minutes', production + interval '20 minutes'
                FROM (SELECT p.short_name, d.day, d.day + interval '1 day 5 hours' AS production,
                             'OMI-Aura_L3-' || p.short_name || '_' || to_char(d.day, 'YYYY"m"MMDD') || '_v003-'
                             || to_char(d.day + interval '1 day 5 hours', 'YYYY"m"MMDD"t"HH24MISS') || '.he5' AS name
                      FROM generate_series((SELECT date_trunc('day', %1$s) FROM (SELECT ?::int AS orbit) AS first),
                                           (SELECT date_trunc('day', %1$s) FROM (SELECT ?::int AS orbit) AS last),
                                           interval '1 day') AS d(day)
                      CROSS JOIN (VALUES %2$s) AS p(short_name)) AS files
                """.formatted(ORBIT_START, products);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setInt(1, LegacyProduct.FIRST_ORBIT);
            insert.setInt(2, lastOrbit);
            insert.executeUpdate();
        }
    }

    /** Each level 2 file was made from its orbit's level 1B radiances. */
    private static String lineage() {
        return "INSERT INTO file_lineage (file_name, input_file) SELECT made.file_name, input.file_name "
                + "FROM file_inventory AS made JOIN file_inventory AS input ON input.orbit_number = made.orbit_number "
                + "AND input.esdt_code IN (" + codes(LegacyProduct.LEVEL_1B) + ") "
                + "WHERE made.esdt_code IN (" + codes(LegacyProduct.LEVEL_2) + ")";
    }

    /** Two level 2 files in three were looked at: mostly good, some suspect, a few bad or left unchecked. */
    private static String qualityAssessments() {
        return """
                INSERT INTO file_qa (file_name, qa_flag, qa_comment, qa_time)
                SELECT file_name, flag, CASE flag WHEN 'B' THEN 'retrieval failed QA screening' WHEN 'S' THEN 'row anomaly suspected' END,
                       production_time + interval '1 day'
                FROM (SELECT file_name, production_time,
                             CASE abs(hashtext(file_name || '/qa')) % 20 WHEN 0 THEN 'B' WHEN 1 THEN 'S' WHEN 2 THEN 'S' WHEN 3 THEN 'U' ELSE 'G' END AS flag
                      FROM file_inventory WHERE esdt_code IN (""" + codes(LegacyProduct.LEVEL_2) + ") AND abs(hashtext(file_name)) % 3 <> 0) AS assessed";
    }

    private void report(Connection connection, int lastOrbit, long millis) throws SQLException {
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE status_code = 'S'), "
                        + "to_char(min(start_time), 'YYYY-MM-DD'), to_char(max(stop_time), 'YYYY-MM-DD'), "
                        + "(SELECT count(*) FROM file_qa), (SELECT count(*) FROM file_lineage) FROM file_inventory")) {
            result.next();
            out.printf("legacy: filled granary_legacy in %.1f s: %,d files of %s to %s (orbits %d-%d, %d ESDTs), %,d superseded, "
                            + "%,d QA rows, %,d lineage rows%n", millis / 1000.0, result.getLong(1), result.getString(3), result.getString(4),
                    LegacyProduct.FIRST_ORBIT, lastOrbit, LegacyProduct.ORBITAL.size() + LegacyProduct.DAILY.size(), result.getLong(2),
                    result.getLong(5), result.getLong(6));
        }
        out.println("legacy: 6 of them cannot be mapped (for metadata-sync's quarantine): 2 of the unknown ESDT OMXYZ.003, "
                + "1 of the unknown collection OMTO3.099, 2 stopping before they start, 1 not named as its ESDT's files are");
    }

    private static String codes(List<LegacyProduct> products) {
        return products.stream().map(product -> "'" + product.esdtCode() + "'").collect(Collectors.joining(", "));
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); var result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
