package org.granary.metadatasync.web;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.granary.metadatasync.SyncProperties;
import org.granary.metadatasync.capture.LegacyCapture;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Stops the capture and drops its replication slot, for a legacy server that must stop keeping WAL
 * for metadata-sync (an abandoned slot fills its disk). The saved capture position goes too: it
 * points into WAL the server no longer keeps, so a restart begins afresh with a new slot.
 */
@Component
class SlotDropService {
    /** How long the legacy server may take to end the WAL sender of the stopped capture. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(30);
    static final String RESTART = "Nothing is captured from the legacy database until metadata-sync is restarted. A restart makes a new"
            + " slot at the legacy server's current position and, since the slot was gone, a new initial load that reads every legacy"
            + " file again: the changes made while no slot existed reach the catalogue through it (granary.sync.initial-load=false:"
            + " catch up with ops/granary sync reconcile, then ops/granary sync repair <report> --apply).";
    private static final Logger log = LoggerFactory.getLogger(SlotDropService.class);

    private final SyncProperties properties;
    private final ObjectProvider<LegacyCapture> capture;
    private final DataSource syncDatabase;

    SlotDropService(SyncProperties properties, ObjectProvider<LegacyCapture> capture, DataSource syncDatabase) {
        this.properties = properties;
        this.capture = capture;
        this.syncDatabase = syncDatabase;
    }

    /** What was done. */
    record SlotDropped(String slot, boolean captureStopped, boolean slotDropped, String restart) {
    }

    synchronized SlotDropped drop() throws SQLException, IOException, InterruptedException {
        LegacyCapture running = capture.getIfAvailable();
        if (running == null) {
            throw new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "no legacy database is configured (granary.sync.legacy-url)");
        }
        boolean wasRunning = !running.stopped();
        running.stop();
        awaitReleased();
        boolean existed = slotExists();
        LegacyCapture.dropSlot(properties.legacyUrl(), properties.slotName());
        forgetPosition();
        log.warn("the capture was stopped and the replication slot {} dropped (it existed: {})", properties.slotName(), existed);
        return new SlotDropped(properties.slotName(), wasRunning, existed, RESTART);
    }

    /** Waits until no WAL sender holds the slot: the stopped engine's connection ends a moment after it. */
    private void awaitReleased() throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(RELEASE_WAIT);
        while (slotActive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new GranaryException(ErrorCode.CONFLICT, "the replication slot " + properties.slotName()
                        + " is still in use by another process (pg_replication_slots.active_pid); the capture here is stopped");
            }
            Thread.sleep(200);
        }
    }

    private boolean slotActive() throws SQLException {
        return slotQuery("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
    }

    private boolean slotExists() throws SQLException {
        return LegacyCapture.slotExists(properties.legacyUrl(), properties.slotName());
    }

    private boolean slotQuery(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(properties.legacyUrl()); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, properties.slotName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private void forgetPosition() throws SQLException {
        try (Connection connection = syncDatabase.getConnection(); PreparedStatement delete = connection.prepareStatement("DELETE FROM capture_offset")) {
            delete.executeUpdate();
        }
    }
}
