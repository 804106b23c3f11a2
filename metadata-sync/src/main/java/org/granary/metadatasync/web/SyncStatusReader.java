package org.granary.metadatasync.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.granary.metadatasync.SyncProperties;
import org.granary.metadatasync.apply.CatalogueFollower;
import org.granary.metadatasync.apply.SyncCounters;
import org.granary.metadatasync.capture.LegacyCapture;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.load.LoadStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Puts {@link SyncStatus} together from the running parts, the legacy server's slot and the sync's tables. */
@Component
class SyncStatusReader {
    /** Retained WAL above which the status warns that the slot may be abandoned. */
    static final long RETAINED_WAL_WARNING_BYTES = 1L << 30;

    private final SyncProperties properties;
    private final ObjectProvider<LegacyCapture> capture;
    private final ObjectProvider<CatalogueFollower> follower;
    private final ObjectProvider<LegacyDatabase> legacy;
    private final SyncCounters counters;
    private final SyncLists lists;
    private final LoadStore loads;

    SyncStatusReader(SyncProperties properties, ObjectProvider<LegacyCapture> capture, ObjectProvider<CatalogueFollower> follower,
            ObjectProvider<LegacyDatabase> legacy, SyncCounters counters, SyncLists lists, LoadStore loads) {
        this.properties = properties;
        this.capture = capture;
        this.follower = follower;
        this.legacy = legacy;
        this.counters = counters;
        this.lists = lists;
        this.loads = loads;
    }

    SyncStatus read() throws SQLException {
        LegacyCapture running = capture.getIfAvailable();
        CatalogueFollower following = follower.getIfAvailable();
        SyncStatus.LegacyToCatalogue toCatalogue = running == null ? null : legacyToCatalogue(running);
        SyncStatus.CatalogueToLegacy toLegacy = following == null ? null
                : new SyncStatus.CatalogueToLegacy(following.lastPolledAt(), following.lastAppliedChangeAt(), following.lastError(),
                        following.lagSeconds());
        return new SyncStatus(properties.enabled(), toCatalogue, toLegacy, lists.count("conflict"), lists.count("quarantine"),
                counters.appliedToCatalogue(), counters.appliedToLegacy(), loads.latest().orElse(null));
    }

    private SyncStatus.LegacyToCatalogue legacyToCatalogue(LegacyCapture running) throws SQLException {
        DataSource legacyDatabase = legacy.getObject().dataSource();
        try (Connection connection = legacyDatabase.getConnection(); PreparedStatement query = connection.prepareStatement("""
                SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,
                       pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
                FROM pg_replication_slots WHERE slot_name = ?""")) {
            query.setString(1, properties.slotName());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return new SyncStatus.LegacyToCatalogue(properties.slotName(), false, false, null, null, null,
                            running.lastAppliedCommit(), running.lastError(), running.stopped() ? "the capture was stopped and its slot dropped"
                                    + " (sync drop-slot): nothing is captured until metadata-sync is restarted" : "the replication slot does not exist (yet)");
                }
                long lagBytes = row.getLong(2);
                long retained = row.getLong(3);
                Instant last = running.lastAppliedCommit();
                // Nothing waiting: no lag. Else the changes waiting are at least as old as the last one applied.
                Double lagSeconds = lagBytes <= 0 || last == null ? 0.0 : Duration.between(last, Instant.now()).toMillis() / 1000.0;
                String warning = retained > RETAINED_WAL_WARNING_BYTES ? "the slot keeps " + retained / (1 << 20) + " MiB of WAL on the legacy"
                        + " server: if metadata-sync is retired, drop it (ops/granary sync drop-slot)" : null;
                return new SyncStatus.LegacyToCatalogue(properties.slotName(), true, row.getBoolean(1), lagBytes, retained, lagSeconds, last,
                        running.lastError(), warning);
            }
        }
    }
}
