/**
 * Moving objects to where the current cluster map wants them, after a node was added, drained or
 * re-weighted, or after hinted handoff: a dry run that says what would move, and runs that are
 * throttled, resumable after a crash, and never drop a copy before its new copies are verified.
 */
package org.granary.archive.rebalance;
