package org.granary.planner.client;

import java.util.List;

/**
 * A granule's lineage one way ({@code GET /lineage/{granule}/inputs} or {@code /derived}):
 * {@code direction} is {@code inputs} or {@code derived}.
 */
public record Lineage(long granule, String direction, List<Lineage.Entry> granules) {
    public Lineage {
        granules = granules == null ? List.of() : List.copyOf(granules);
    }

    /**
     * One granule of the lineage: {@code depth} 1 is a direct input (or a product made directly
     * from the granule), 2 the step after; {@code job} and {@code pge} made the later of the two.
     */
    public record Entry(long granule, String esdt, String fileName, long job, String pge, int depth) {
    }
}
