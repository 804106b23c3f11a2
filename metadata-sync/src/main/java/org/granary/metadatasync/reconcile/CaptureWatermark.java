package org.granary.metadatasync.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.granary.metadatasync.apply.CatalogueFollower;
import org.granary.metadatasync.capture.LegacyCapture;

import static java.util.Objects.requireNonNull;

/**
 * The running sync's streams as a watermark. Legacy to catalogue: passed when the capture has
 * applied, or the slot has confirmed, the WAL position of a mark written through it.
 * Catalogue to legacy: passed when the follower has read its feed twice since the mark (the first
 * read may still be applying what it got when the mark was taken).
 */
final class CaptureWatermark implements StreamWatermark {
    private final DataSource legacy;
    private final LegacyCapture capture;
    private final CatalogueFollower follower;
    private final String slot;
    private final Map<Mark, Instant> firstReadAfter = new ConcurrentHashMap<>();

    CaptureWatermark(DataSource legacy, LegacyCapture capture, CatalogueFollower follower, String slot) {
        this.legacy = requireNonNull(legacy, "legacy is null");
        this.capture = requireNonNull(capture, "capture is null");
        this.follower = requireNonNull(follower, "follower is null");
        this.slot = requireNonNull(slot, "slot is null");
    }

    /**
     * Writes a mark through the capture: a row in {@code granary_sync.applied_by_sync}, which the
     * publication carries and the capture takes as one of the sync's own transactions (nothing to
     * apply). Once the slot has confirmed the WAL position taken before it, every legacy change
     * committed before the mark has been applied; a quiet legacy database thus passes a mark too.
     */
    @Override
    public Mark mark() {
        try (Connection connection = legacy.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement position = connection.prepareStatement(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint, now() AT TIME ZONE 'UTC'");
                    PreparedStatement write = connection.prepareStatement(
                            "INSERT INTO granary_sync.applied_by_sync (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING");
                    ResultSet row = position.executeQuery()) {
                row.next();
                Mark mark = new Mark(row.getLong(1), row.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), Instant.now());
                write.executeUpdate();
                connection.commit();
                return mark;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RangeSide.Unavailable("the legacy database did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean passed(Mark mark) {
        boolean passed = legacyPassed(mark) && cataloguePassed(mark);
        if (passed) {
            firstReadAfter.remove(mark);
        }
        return passed;
    }

    private boolean legacyPassed(Mark mark) {
        if (capture.lastAppliedLsn() >= mark.legacyLsn()) {
            return true;
        }
        try (Connection connection = legacy.getConnection(); PreparedStatement query = connection.prepareStatement("""
                SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '0/0')::bigint FROM pg_replication_slots WHERE slot_name = ?""")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getLong(1) >= mark.legacyLsn();
            }
        } catch (SQLException e) {
            throw new RangeSide.Unavailable("the legacy database did not answer: " + e.getMessage(), e);
        }
    }

    private boolean cataloguePassed(Mark mark) {
        Instant read = follower.lastPolledAt();
        if (read == null || !read.isAfter(mark.localTime())) {
            return false;
        }
        Instant first = firstReadAfter.computeIfAbsent(mark, ignored -> read);
        return read.isAfter(first);
    }
}
