package org.granary.dbmonitor.status;

/**
 * Why a cluster is not fair, in words ("standby ops-2 is 45 s behind").
 *
 * @param weather what this reason alone makes the cluster
 * @param node the node it is about; null when about the cluster
 * @param text what an operator reads
 */
public record Reason(Weather weather, String node, String text) {
}
