package org.granary.metadatasync.web;

import java.time.Instant;
import org.granary.metadatasync.load.LoadProgress;

/**
 * The sync at a glance, for the data manager and for alerting.
 *
 * @param configured whether a legacy database is set ({@code granary.sync.legacy-url})
 * @param legacyToCatalogue capture of legacy changes and their application to the catalogue
 * @param catalogueToLegacy the catalogue's feed and its application to the legacy database
 * @param initialLoad the newest initial load (the legacy rows from before the capture's slot), or null if none was made
 */
public record SyncStatus(boolean configured, LegacyToCatalogue legacyToCatalogue, CatalogueToLegacy catalogueToLegacy, long conflicts,
        long quarantined, double appliedToCatalogue, double appliedToLegacy, LoadProgress initialLoad) {

    /**
     * The capture of legacy changes.
     *
     * @param lagBytes WAL the slot has not yet confirmed as applied
     * @param retainedWalBytes WAL the legacy server keeps for the slot (an abandoned slot makes it grow until the disk is full)
     * @param lagSeconds how old the oldest change not yet applied may be: 0 when nothing is waiting
     */
    public record LegacyToCatalogue(String slot, boolean slotExists, boolean slotActive, Long lagBytes, Long retainedWalBytes,
            Double lagSeconds, Instant lastAppliedCommit, String lastError, String warning) {
    }

    /**
     * The catalogue's change feed followed.
     *
     * @param lastAppliedChangeAt when the newest change applied was received
     * @param lagSeconds how long the oldest change not yet applied has waited since ingest made it: 0 when caught up
     */
    public record CatalogueToLegacy(Instant lastPolledAt, Instant lastAppliedChangeAt, String lastError, double lagSeconds) {
    }
}
