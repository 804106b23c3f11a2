package org.granary.metadatasync.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Captures the legacy database's changes by logical decoding ({@code pgoutput}) through Debezium's
 * embedded engine: no trigger and no polling on the legacy tables, so the old applications run as
 * before. It follows {@code file_inventory} and {@code file_qa}, and {@code granary_sync.applied_by_sync},
 * whose row first in a transaction says metadata-sync made it: such transactions are skipped, which
 * is what keeps a change from coming back as a new one (no echo).
 *
 * <p>Each batch goes to {@link ChangeSink#apply} until it succeeds (ingest-service down: the batch
 * waits, and the WAL is kept by the slot), and only then is its position saved. A crash replays
 * from the saved position; applying a change twice changes nothing.
 */
public final class LegacyCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LegacyCapture.class);
    private static final String MARKER_TABLE = "applied_by_sync";
    /** Made by the legacy database's patches. */
    public static final String PUBLICATION = "granary_metadata_sync";
    private static final int REMEMBERED_ECHO_TRANSACTIONS = 100_000;

    /** Where captured changes go. */
    @FunctionalInterface
    public interface ChangeSink {
        void apply(List<LegacyChange> changes) throws Exception;
    }

    /**
     * Where to capture from and where to keep the position.
     *
     * @param slotName the replication slot's name (one per legacy database on a server); the slot keeps the legacy WAL
     *     until metadata-sync has applied it, so an abandoned one fills the disk
     */
    public record Settings(String legacyJdbcUrl, String syncJdbcUrl, String slotName, Duration retryDelay) {
        public Settings {
            requireNonNull(legacyJdbcUrl, "legacyJdbcUrl is null");
            requireNonNull(syncJdbcUrl, "syncJdbcUrl is null");
            requireNonNull(slotName, "slotName is null");
            requireNonNull(retryDelay, "retryDelay is null");
        }
    }

    private final Settings settings;
    private final ChangeSink sink;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("legacy-capture").daemon().factory());
    private final Map<Long, Boolean> echoTransactions = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED_ECHO_TRANSACTIONS;
        }
    };
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Instant lastAppliedCommit;
    private volatile long lastAppliedLsn;
    private volatile String lastError;
    private volatile boolean stopped;

    public LegacyCapture(Settings settings, ChangeSink sink) {
        this.settings = requireNonNull(settings, "settings is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    public void start() throws SQLException {
        forgetThePositionOfASlotThatIsGone();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties())
                .using((success, message, error) -> {
                    if (!success) {
                        lastError = message;
                        log.error("the legacy capture stopped: {}", message, error);
                    }
                })
                .notifying(this::handleBatch)
                .build();
        runner.execute(engine);
    }

    /**
     * Stops the engine and waits until its thread has ended, so that it no longer holds the slot
     * (a slot in use cannot be dropped). Until metadata-sync is started again nothing is captured.
     */
    public void stop() throws IOException, InterruptedException {
        stopped = true;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        engine = null;
        if (running != null) {
            running.close();
        }
        runner.shutdown();
        if (!runner.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IOException("the legacy capture did not stop within a minute");
        }
    }

    /** Whether {@link #stop} was called: the capture does not run again in this process. */
    public boolean stopped() {
        return stopped;
    }

    /** The commit time of the newest legacy change applied, or null before the first. */
    public Instant lastAppliedCommit() {
        return lastAppliedCommit;
    }

    public long lastAppliedLsn() {
        return lastAppliedLsn;
    }

    public String lastError() {
        return lastError;
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> events, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<LegacyChange> changes = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> event : events) {
            LegacyChange change = change(event.record());
            if (change != null) {
                changes.add(change);
            }
        }
        applyUntilItSucceeds(changes);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        if (!changes.isEmpty()) {
            LegacyChange last = changes.getLast();
            lastAppliedCommit = last.committedAt();
            lastAppliedLsn = last.lsn();
        }
    }

    /** The change a record tells, or null for one that is metadata-sync's own or not about a file. */
    private LegacyChange change(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || !(record.key() instanceof Struct key) || value.schema().field("source") == null) {
            return null; // a tombstone or a heartbeat
        }
        Struct source = value.getStruct("source");
        Long transactionId = source.getInt64("txId");
        long id = transactionId == null ? -1 : transactionId;
        if (MARKER_TABLE.equals(source.getString("table"))) {
            synchronized (echoTransactions) {
                echoTransactions.put(id, Boolean.TRUE);
            }
            return null;
        }
        synchronized (echoTransactions) {
            if (echoTransactions.containsKey(id)) {
                return null;
            }
        }
        Long lsn = source.getInt64("lsn");
        return new LegacyChange(key.getString("file_name"), id, lsn == null ? 0 : lsn, Instant.ofEpochMilli(source.getInt64("ts_ms")));
    }

    private void applyUntilItSucceeds(List<LegacyChange> changes) throws InterruptedException {
        if (changes.isEmpty()) {
            return;
        }
        while (true) {
            try {
                sink.apply(changes);
                lastError = null;
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastError = e.getMessage();
                log.warn("cannot apply {} legacy change(s), first {}; trying again in {}: {}", changes.size(), changes.getFirst().fileName(),
                        settings.retryDelay(), e.getMessage());
                Thread.sleep(settings.retryDelay().toMillis());
            }
        }
    }

    private Properties properties() {
        Properties url = Driver.parseURL(settings.legacyJdbcUrl(), null);
        if (url == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + settings.legacyJdbcUrl());
        }
        Properties properties = new Properties();
        properties.setProperty("name", "metadata-sync");
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", JdbcOffsetStore.class.getName());
        properties.setProperty(JdbcOffsetStore.URL, settings.syncJdbcUrl());
        properties.setProperty("offset.flush.interval.ms", "0");
        properties.setProperty("database.hostname", url.getProperty("PGHOST", "localhost"));
        properties.setProperty("database.port", url.getProperty("PGPORT", "5432"));
        properties.setProperty("database.dbname", url.getProperty("PGDBNAME"));
        properties.setProperty("database.user", url.getProperty("user", "postgres"));
        properties.setProperty("database.password", url.getProperty("password", ""));
        properties.setProperty("topic.prefix", "legacy");
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", settings.slotName());
        properties.setProperty("publication.name", PUBLICATION);
        properties.setProperty("publication.autocreate.mode", "disabled"); // the legacy patches make it
        properties.setProperty("table.include.list", "public.file_inventory,public.file_qa,granary_sync." + MARKER_TABLE);
        // The initial load copies the existing rows itself, in chunks it can resume.
        properties.setProperty("snapshot.mode", "no_data");
        properties.setProperty("max.batch.size", "4096");
        properties.setProperty("poll.interval.ms", "50");
        // The slot is confirmed forward while the legacy tables are quiet, so WAL of other work is not kept for it.
        properties.setProperty("heartbeat.interval.ms", "10000");
        return properties;
    }

    /**
     * A saved position points into WAL that only its slot kept: with the slot gone (dropped, or lost
     * with the legacy server), Debezium refuses to start from it. The position is forgotten, the
     * engine makes a new slot from now on, and the initial load (decided before this runs) copies
     * what changed meanwhile.
     */
    private void forgetThePositionOfASlotThatIsGone() throws SQLException {
        if (slotExists(settings.legacyJdbcUrl(), settings.slotName())) {
            return;
        }
        try (var sync = DriverManager.getConnection(settings.syncJdbcUrl()); var forget = sync.prepareStatement("DELETE FROM capture_offset")) {
            if (forget.executeUpdate() > 0) {
                log.warn("the replication slot {} is gone: the capture's saved position is forgotten and a new slot starts from now",
                        settings.slotName());
            }
        }
    }

    /** Whether the legacy database has the replication slot. */
    public static boolean slotExists(String legacyJdbcUrl, String slotName) throws SQLException {
        try (var legacy = DriverManager.getConnection(legacyJdbcUrl);
                var slot = legacy.prepareStatement(LegacyDatabase.SLOT_EXISTS)) {
            slot.setString(1, slotName);
            try (var exists = slot.executeQuery()) {
                return exists.next();
            }
        }
    }

    /** Drops the replication slot: the legacy database keeps no more WAL for metadata-sync. */
    public static void dropSlot(String legacyJdbcUrl, String slotName) throws SQLException {
        try (var connection = DriverManager.getConnection(legacyJdbcUrl);
                var drop = connection.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, slotName);
            drop.executeQuery().close();
        }
    }

    @Override
    public void close() throws IOException {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        engine = null;
        if (running != null) {
            running.close();
        }
        runner.shutdown();
    }
}
