import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The old applications' changes from several connections at once, for rates one connection cannot
 * write (ops/granary legacy write tops out near 4,000 changes/s on 2 cores): LegacyWriter's mix
 * (70 % new files, 15 % reprocessing overwrites, 10 % QA upserts, 5 % deletes) and its rows (the
 * eight orbital OMI products in turn, from the orbit after the newest; level 2 with the lineage of
 * its two level 1B inputs). Each connection sends what is due every 50 ms as batches in one
 * transaction, and changes only files it inserted or sampled from its own share of the table, so
 * connections never wait for each other.
 * Usage: java -cp postgresql.jar LegacyLoad.java JDBC_URL RATE SECONDS [CONNECTIONS]
 * Prints "legacy write: done in S s: ... (R changes/s)" as ops/granary legacy write does.
 */
public class LegacyLoad {
    private static final int TICK_MILLIS = 50;
    private static final int SAMPLE = 20_000;
    private static final String[][] PRODUCTS = {{"OML1BRUG", "L1", "he4"}, {"OML1BRVG", "L1", "he4"}, {"OMTO3", "L2", "he5"},
            {"OMDOAO3", "L2", "he5"}, {"OMNO2", "L2", "he5"}, {"OMCLDRR", "L2", "he5"}, {"OMSO2", "L2", "he5"}, {"OMAERUV", "L2", "he5"}};
    private static final Instant FIRST_ORBIT_START = Instant.parse("2004-10-01T00:03:00Z");
    private static final int FIRST_ORBIT_NUMBER = 1132;
    private static final Duration ORBIT = Duration.ofSeconds(5933);
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRODUCTION = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmmss").withZone(ZoneOffset.UTC);

    private final String url;
    private final AtomicLong nextInsert = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong failedTicks = new AtomicLong();
    private long firstOrbit;

    LegacyLoad(String url) {
        this.url = url;
    }

    public static void main(String[] arguments) throws Exception {
        String url = arguments[0] + (arguments[0].contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        int rate = Integer.parseInt(arguments[1]);
        Duration length = Duration.ofSeconds(Long.parseLong(arguments[2]));
        int connections = arguments.length > 3 ? Integer.parseInt(arguments[3]) : 4;
        new LegacyLoad(url).run(rate, length, connections);
    }

    void run(int rate, Duration length, int connections) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet newest = statement.executeQuery("SELECT coalesce(max(orbit_number) + 1, 1147) FROM file_inventory")) {
            newest.next();
            firstOrbit = newest.getLong(1);
        }
        List<Thread> threads = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(i, connections, rate / (double) connections);
            workers.add(worker);
            worker.sample();
        }
        long began = System.nanoTime();
        for (Worker worker : workers) {
            threads.add(Thread.ofPlatform().start(() -> worker.write(began, length)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("legacy write: done in %.0f s: %d changes by %d connections, %d ticks failed (%.0f changes/s)%n", seconds, changes.get(),
                connections, failedTicks.get(), changes.get() / seconds);
    }

    /** One connection's share of the rate and of the files. */
    private final class Worker {
        private final int index;
        private final int of;
        private final double rate;
        private final List<String> files = new ArrayList<>();

        Worker(int index, int of, double rate) {
            this.index = index;
            this.of = of;
            this.rate = rate;
        }

        /** Its share of the files there (by hash of the name), to overwrite, assess and delete. */
        void sample() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url); PreparedStatement query = connection.prepareStatement(
                    "SELECT file_name FROM file_inventory WHERE abs(hashtext(file_name)) % ? = ? ORDER BY random() LIMIT " + SAMPLE)) {
                query.setInt(1, of);
                query.setInt(2, index);
                try (ResultSet names = query.executeQuery()) {
                    while (names.next()) {
                        files.add(names.getString(1));
                    }
                }
            }
        }

        void write(long began, Duration length) {
            try (Connection connection = DriverManager.getConnection(url)) {
                connection.setAutoCommit(false);
                long sent = 0;
                while (System.nanoTime() - began < length.toNanos()) {
                    long due = (long) ((System.nanoTime() - began) / 1e9 * rate);
                    int now = (int) Math.min(due - sent, (long) Math.ceil(rate)); // at most a second behind
                    if (now > 0) {
                        tick(connection, now);
                        sent += now;
                    }
                    Thread.sleep(TICK_MILLIS);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private void tick(Connection connection, int count) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, "
                    + "production_time, orbit_number, file_size, md5_checksum, cksum_value, archive_path, status_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'A')");
                    PreparedStatement lineage = connection.prepareStatement("INSERT INTO file_lineage (file_name, input_file) VALUES (?, ?)");
                    PreparedStatement overwrite = connection.prepareStatement("UPDATE file_inventory SET file_size = ?, md5_checksum = ?, cksum_value = ?, "
                            + "production_time = now() AT TIME ZONE 'UTC', update_time = now() AT TIME ZONE 'UTC' WHERE file_name = ?");
                    PreparedStatement assess = connection.prepareStatement("INSERT INTO file_qa (file_name, qa_flag, qa_comment, qa_time) "
                            + "VALUES (?, ?, NULL, now() AT TIME ZONE 'UTC') ON CONFLICT (file_name) DO UPDATE SET qa_flag = excluded.qa_flag, "
                            + "qa_time = excluded.qa_time");
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM file_inventory WHERE file_name = ?")) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                List<String> inserted = new ArrayList<>();
                int skipped = 0;
                Set<String> assessed = new HashSet<>(); // one upsert of a file per statement: the batch becomes one multi-row INSERT
                for (int i = 0; i < count; i++) {
                    int draw = files.size() < 100 ? 0 : random.nextInt(100);
                    if (draw < 70) {
                        inserted.add(insert(insert, lineage, random));
                    } else if (draw < 85) {
                        overwrite.setLong(1, random.nextLong(5_000_000, 90_000_000));
                        overwrite.setString(2, md5(random));
                        overwrite.setLong(3, random.nextLong(1L << 32));
                        overwrite.setString(4, files.get(random.nextInt(files.size())));
                        overwrite.addBatch();
                    } else if (draw < 95) {
                        String name = files.get(random.nextInt(files.size()));
                        if (!assessed.add(name)) {
                            skipped++;
                            continue;
                        }
                        assess.setString(1, name);
                        assess.setString(2, String.valueOf("GGGGGGGGGGGGGGGSSBU".charAt(random.nextInt(19))));
                        assess.addBatch();
                    } else {
                        int at = random.nextInt(files.size());
                        String name = files.get(at);
                        files.set(at, files.getLast());
                        files.removeLast();
                        delete.setString(1, name);
                        delete.addBatch();
                    }
                }
                // Files before their lineage and QA; QA before deletes (a file deleted in this tick is not assessed after it).
                insert.executeBatch();
                lineage.executeBatch();
                overwrite.executeBatch();
                assess.executeBatch();
                delete.executeBatch();
                connection.commit();
                changes.addAndGet(count - skipped);
                files.addAll(inserted);
            } catch (SQLException e) {
                if (failedTicks.incrementAndGet() <= 3) {
                    SQLException cause = e.getNextException() == null ? e : e.getNextException();
                    System.out.println("legacy write: a tick failed and was rolled back: " + cause.getMessage().lines().findFirst().orElse(""));
                }
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the next tick says so again
                }
            }
        }

        private String insert(PreparedStatement insert, PreparedStatement lineage, ThreadLocalRandom random) throws SQLException {
            long number = nextInsert.getAndIncrement();
            String[] product = PRODUCTS[(int) (number % PRODUCTS.length)];
            long orbit = firstOrbit + number / PRODUCTS.length;
            Instant start = FIRST_ORBIT_START.plus(ORBIT.multipliedBy(orbit - FIRST_ORBIT_NUMBER));
            Instant production = start.plus(Duration.ofHours(3));
            String name = name(product, orbit, start, production);
            insert.setString(1, name);
            insert.setString(2, product[0] + ".003");
            insert.setObject(3, utc(start));
            insert.setObject(4, utc(start.plus(ORBIT)));
            insert.setObject(5, utc(production));
            insert.setLong(6, orbit);
            insert.setLong(7, random.nextLong(5_000_000, 90_000_000));
            insert.setString(8, md5(random));
            insert.setLong(9, random.nextLong(1L << 32));
            insert.setString(10, "/archive/omi/" + product[0] + "/" + DateTimeFormatter.ofPattern("yyyy/DDD").withZone(ZoneOffset.UTC).format(start) + "/" + name);
            insert.addBatch();
            if (product[1].equals("L2")) {
                for (String[] input : List.of(PRODUCTS[0], PRODUCTS[1])) {
                    lineage.setString(1, name);
                    lineage.setString(2, name(input, orbit, start, production));
                    lineage.addBatch();
                }
            }
            return name;
        }
    }

    private static String name(String[] product, long orbit, Instant start, Instant production) {
        return "OMI-Aura_" + product[1] + "-" + product[0] + "_" + START.format(start) + "-o" + String.format("%05d", orbit) + "_v003-"
                + PRODUCTION.format(production) + "." + product[2];
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String md5(ThreadLocalRandom random) {
        byte[] digest = new byte[16];
        random.nextBytes(digest);
        return HexFormat.of().withUpperCase().formatHex(digest);
    }
}
