package org.granary.planner.lineage;

/**
 * One granule in another's lineage: {@code depth} 1 is a direct input (or a product made directly
 * from it), 2 the next step, and so on; {@code job} made the later of the two.
 */
public record LineageEntry(long granule, String esdt, String fileName, long job, String pge, int depth) {
}
