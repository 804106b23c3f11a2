package org.granary.ops.legacy;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code ops/granary legacy write --rate N}: plays the old applications against the legacy
 * tables at N changes a second, in {@link LegacyChange}'s proportions: new files of the orbits
 * after the newest one there (level 2 with its lineage), reprocessing overwrites (same name, new
 * size, MD5, cksum and production time), QA upserts and deletes. Each tick of
 * {@value #TICK_MILLIS} ms sends what is due as JDBC batches in one transaction, and it says
 * every {@value #REPORT_SECONDS} s what it did. The files it changes are drawn from a sample of
 * the table taken at start, grown by its own inserts.
 */
public final class LegacyWriter {
    static final int TICK_MILLIS = 50;
    static final int REPORT_SECONDS = 5;
    private static final int SAMPLE = 50_000;
    private static final int POOL_LIMIT = 200_000;

    private final String jdbcUrl;
    private final PrintStream out;
    private final List<String> files = new ArrayList<>();
    private final Map<LegacyChange, Long> totals = new EnumMap<>(LegacyChange.class);
    private long nextOrbit;
    private int nextProduct;

    public LegacyWriter(String jdbcUrl, PrintStream out) {
        this.jdbcUrl = jdbcUrl;
        this.out = out;
        for (LegacyChange change : LegacyChange.values()) {
            totals.put(change, 0L);
        }
    }

    /** Writes at {@code rate} changes a second for {@code duration} (or until the process ends); returns what it did. */
    public synchronized Map<LegacyChange, Long> run(int rate, Optional<Duration> duration) throws SQLException, InterruptedException {
        if (rate < 1) {
            throw new IllegalArgumentException("the rate is changes per second, at least 1: " + rate);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            start(connection);
            out.printf("legacy write: %d changes/s%s into %s, from orbit %d, %,d files sampled to change%n", rate,
                    duration.map(limit -> " for " + limit.toSeconds() + " s").orElse(" until Ctrl-C"), connection.getCatalog(), nextOrbit, files.size());
            connection.setAutoCommit(false);
            Thread reportOnExit = new Thread(() -> out.println(summary("stopped after", Duration.ZERO)), "legacy-write-summary");
            Runtime.getRuntime().addShutdownHook(reportOnExit);
            long began = System.nanoTime();
            write(connection, rate, duration, began);
            Runtime.getRuntime().removeShutdownHook(reportOnExit);
            out.println(summary("done in", Duration.ofNanos(System.nanoTime() - began)));
        }
        return Map.copyOf(totals);
    }

    private void write(Connection connection, int rate, Optional<Duration> duration, long began) throws InterruptedException {
        long sent = 0;
        long nextReport = began + Duration.ofSeconds(REPORT_SECONDS).toNanos();
        Map<LegacyChange, Long> reported = new EnumMap<>(totals);
        while (duration.isEmpty() || System.nanoTime() - began < duration.get().toNanos()) {
            long due = (System.nanoTime() - began) * rate / 1_000_000_000L;
            // behind by more than a second (a slow server): catch up a second at a time
            int now = (int) Math.min(due - sent, rate);
            if (now > 0) {
                tick(connection, now);
                sent += now;
            }
            if (System.nanoTime() >= nextReport) {
                out.println("legacy write: last " + REPORT_SECONDS + " s: " + counts(difference(reported)) + " (" + perSecond(difference(reported),
                        Duration.ofSeconds(REPORT_SECONDS)) + "/s)");
                reported = new EnumMap<>(totals);
                nextReport += Duration.ofSeconds(REPORT_SECONDS).toNanos();
            }
            Thread.sleep(TICK_MILLIS);
        }
    }

    /** Where inserts go on from, and which files the other changes are drawn from. */
    private void start(Connection connection) throws SQLException {
        String orbital = LegacyProduct.ORBITAL.stream().map(product -> "'" + product.esdtCode() + "'").collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            try (var result = statement.executeQuery("SELECT coalesce(max(orbit_number) + 1, " + LegacyProduct.FIRST_ORBIT
                    + ") FROM file_inventory WHERE esdt_code IN (" + orbital + ")")) {
                result.next();
                nextOrbit = result.getLong(1);
            }
            // The old applications' own files: those metadata-sync wrote from the catalogue (their archive path a URL of it) are left alone.
            try (var result = statement.executeQuery("SELECT file_name FROM file_inventory WHERE archive_path NOT LIKE 'http%' ORDER BY random() LIMIT "
                    + SAMPLE)) {
                while (result.next()) {
                    files.add(result.getString(1));
                }
            }
        }
    }

    /** {@code count} changes in one transaction, as batches; a failed one (a file deleted meanwhile by someone else) is said and skipped. */
    private void tick(Connection connection, int count) {
        try (TickBatches batches = new TickBatches(connection)) {
            List<String> inserted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                LegacyChange change = files.isEmpty() ? LegacyChange.INSERT : LegacyChange.drawn(ThreadLocalRandom.current().nextInt(100));
                switch (change) {
                    case INSERT -> inserted.add(insert(batches));
                    case OVERWRITE -> batches.overwrite(randomFile(), ThreadLocalRandom.current());
                    case QA_UPDATE -> batches.assess(randomFile(), ThreadLocalRandom.current());
                    case DELETE -> batches.delete(removeRandomFile());
                }
            }
            Map<LegacyChange, Integer> done = batches.execute();
            connection.commit();
            done.forEach((change, rows) -> totals.merge(change, (long) rows, Long::sum));
            keep(inserted);
        } catch (SQLException e) {
            out.println("legacy write: a batch failed and was rolled back: " + e.getMessage());
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone: the next batch says so again
            }
        }
    }

    private String insert(TickBatches batches) throws SQLException {
        LegacyProduct product = LegacyProduct.ORBITAL.get(nextProduct);
        long orbit = nextOrbit;
        Instant start = LegacyProduct.orbitStart(orbit);
        String name = product.orbitFileName(orbit, start.plus(LegacyProduct.PROCESSING_DELAY));
        batches.insert(product, orbit, name, ThreadLocalRandom.current());
        if (product.levelTwo()) {
            for (LegacyProduct input : LegacyProduct.LEVEL_1B) {
                batches.lineage(name, input.orbitFileName(orbit, start.plus(LegacyProduct.PROCESSING_DELAY)));
            }
        }
        nextProduct = (nextProduct + 1) % LegacyProduct.ORBITAL.size();
        if (nextProduct == 0) {
            nextOrbit++;
        }
        return name;
    }

    /** Swapped with the last, not shifted: the list holds up to {@value #POOL_LIMIT} names. */
    private String removeRandomFile() {
        int index = ThreadLocalRandom.current().nextInt(files.size());
        String removed = files.get(index);
        files.set(index, files.getLast());
        files.removeLast();
        return removed;
    }

    private String randomFile() {
        return files.get(ThreadLocalRandom.current().nextInt(files.size()));
    }

    /** New files join those drawn from; past the limit, in place of a random one (memory stays bounded at any rate). */
    private void keep(List<String> inserted) {
        for (String name : inserted) {
            if (files.size() < POOL_LIMIT) {
                files.add(name);
            } else {
                files.set(ThreadLocalRandom.current().nextInt(files.size()), name);
            }
        }
    }

    private Map<LegacyChange, Long> difference(Map<LegacyChange, Long> before) {
        Map<LegacyChange, Long> difference = new EnumMap<>(LegacyChange.class);
        totals.forEach((change, count) -> difference.put(change, count - before.get(change)));
        return difference;
    }

    private String summary(String what, Duration took) {
        return "legacy write: " + what + (took.isZero() ? "" : " " + took.toSeconds() + " s") + ": " + counts(totals)
                + (took.isZero() ? "" : " (" + perSecond(totals, took) + " changes/s)");
    }

    private static String counts(Map<LegacyChange, Long> counts) {
        return counts.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey().plural()).collect(Collectors.joining(", "));
    }

    private static String perSecond(Map<LegacyChange, Long> counts, Duration over) {
        long sum = counts.values().stream().mapToLong(Long::longValue).sum();
        return String.format("%.0f", sum * 1000.0 / Math.max(1, over.toMillis()));
    }

    /** The statements of one tick, batched: one round trip each however many changes the tick holds. */
    private static final class TickBatches implements AutoCloseable {
        private final PreparedStatement insert;
        private final PreparedStatement lineage;
        private final PreparedStatement overwrite;
        private final PreparedStatement assess;
        private final PreparedStatement delete;

        TickBatches(Connection connection) throws SQLException {
            insert = connection.prepareStatement("INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time, "
                    + "orbit_number, file_size, md5_checksum, cksum_value, archive_path, status_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'A') "
                    + "ON CONFLICT (file_name) DO NOTHING");
            lineage = connection.prepareStatement("INSERT INTO file_lineage (file_name, input_file) VALUES (?, ?) ON CONFLICT DO NOTHING");
            overwrite = connection.prepareStatement("UPDATE file_inventory SET file_size = ?, md5_checksum = ?, cksum_value = ?, "
                    + "production_time = now() AT TIME ZONE 'UTC', update_time = now() AT TIME ZONE 'UTC' WHERE file_name = ?");
            // a file someone else deleted meanwhile gets no QA row rather than failing the tick
            assess = connection.prepareStatement("INSERT INTO file_qa (file_name, qa_flag, qa_comment, qa_time) "
                    + "SELECT ?, ?, ?, now() AT TIME ZONE 'UTC' WHERE EXISTS (SELECT 1 FROM file_inventory WHERE file_name = ?) "
                    + "ON CONFLICT (file_name) DO UPDATE SET qa_flag = excluded.qa_flag, qa_comment = excluded.qa_comment, qa_time = excluded.qa_time");
            delete = connection.prepareStatement("DELETE FROM file_inventory WHERE file_name = ?");
        }

        void insert(LegacyProduct product, long orbit, String name, ThreadLocalRandom random) throws SQLException {
            Instant start = LegacyProduct.orbitStart(orbit);
            insert.setString(1, name);
            insert.setString(2, product.esdtCode());
            insert.setObject(3, utc(start));
            insert.setObject(4, utc(start.plus(LegacyProduct.ORBIT)));
            insert.setObject(5, utc(start.plus(LegacyProduct.PROCESSING_DELAY)));
            insert.setLong(6, orbit);
            insert.setLong(7, random.nextLong(5_000_000, 90_000_000));
            insert.setString(8, md5(random));
            insert.setLong(9, random.nextLong(1L << 32));
            insert.setString(10, LegacyProduct.archivePath(product, start, name));
            insert.addBatch();
        }

        void lineage(String name, String input) throws SQLException {
            lineage.setString(1, name);
            lineage.setString(2, input);
            lineage.addBatch();
        }

        void overwrite(String name, ThreadLocalRandom random) throws SQLException {
            overwrite.setLong(1, random.nextLong(5_000_000, 90_000_000));
            overwrite.setString(2, md5(random));
            overwrite.setLong(3, random.nextLong(1L << 32));
            overwrite.setString(4, name);
            overwrite.addBatch();
        }

        void assess(String name, ThreadLocalRandom random) throws SQLException {
            int draw = random.nextInt(20);
            String flag = draw == 0 ? "B" : draw < 3 ? "S" : draw == 3 ? "U" : "G";
            assess.setString(1, name);
            assess.setString(2, flag);
            assess.setString(3, flag.equals("B") ? "bad after reassessment" : flag.equals("S") ? "suspect after reassessment" : null);
            assess.setString(4, name);
            assess.addBatch();
        }

        void delete(String name) throws SQLException {
            delete.setString(1, name);
            delete.addBatch();
        }

        /** In an order that keeps every foreign key: files before their lineage, QA before deletes. */
        Map<LegacyChange, Integer> execute() throws SQLException {
            Map<LegacyChange, Integer> done = new EnumMap<>(LegacyChange.class);
            done.put(LegacyChange.INSERT, rows(insert.executeBatch()));
            lineage.executeBatch();
            done.put(LegacyChange.OVERWRITE, rows(overwrite.executeBatch()));
            done.put(LegacyChange.QA_UPDATE, rows(assess.executeBatch()));
            done.put(LegacyChange.DELETE, rows(delete.executeBatch()));
            return done;
        }

        private static int rows(int[] counts) {
            int rows = 0;
            for (int count : counts) {
                rows += Math.max(0, count);
            }
            return rows;
        }

        private static LocalDateTime utc(Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        /** A new MD5, upper case as the old ingest wrote it. */
        private static String md5(ThreadLocalRandom random) {
            byte[] digest = new byte[16];
            random.nextBytes(digest);
            return HexFormat.of().withUpperCase().formatHex(digest);
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(insert, lineage, overwrite, assess, delete)) {
                statement.close();
            }
        }
    }
}
