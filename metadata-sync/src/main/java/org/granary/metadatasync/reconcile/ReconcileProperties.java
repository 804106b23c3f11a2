package org.granary.metadatasync.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of reconciliation (keys under {@code granary.sync}).
 *
 * @param reconcileCron when the scheduled reconciliation of all data runs (Quartz cron, in the server's zone); {@code -} for never
 * @param reconcileInitialRanges how many key ranges the first round hashes
 * @param reconcileLeafRows a differing range with at most this many rows on each side is fetched row by row
 * @param reconcileRecheckWait how long a re-check waits for the change streams to pass a difference; what is not passed by then is unsettled
 * @param reconcileSettle a file the sync changed this recently is still moving, not a difference
 */
@ConfigurationProperties("granary.sync")
public record ReconcileProperties(
        @DefaultValue("0 0 2 * * ?") String reconcileCron,
        @DefaultValue("64") int reconcileInitialRanges,
        @DefaultValue("1000") int reconcileLeafRows,
        @DefaultValue("2m") Duration reconcileRecheckWait,
        @DefaultValue("10s") Duration reconcileSettle) {
    public ReconcileProperties {
        requireNonNull(reconcileCron, "granary.sync.reconcile-cron is null");
        requireNonNull(reconcileRecheckWait, "granary.sync.reconcile-recheck-wait is null");
        requireNonNull(reconcileSettle, "granary.sync.reconcile-settle is null");
        if (reconcileInitialRanges < 1 || reconcileLeafRows < 1) {
            throw new IllegalArgumentException("granary.sync.reconcile-initial-ranges and reconcile-leaf-rows must be positive");
        }
    }

    public boolean scheduled() {
        return !reconcileCron.isBlank() && !"-".equals(reconcileCron.strip());
    }
}
