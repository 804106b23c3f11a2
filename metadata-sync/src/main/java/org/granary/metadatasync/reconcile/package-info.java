/**
 * Reconciliation and repair: both sides hash key ranges of their canonical records inside their
 * own database, ranges that agree are skipped, ranges that differ are split until small, and
 * only those are fetched row by row and compared. Differences are re-checked once the change
 * streams have passed them, stored as a report, and repaired through the sync's apply path.
 */
package org.granary.metadatasync.reconcile;
