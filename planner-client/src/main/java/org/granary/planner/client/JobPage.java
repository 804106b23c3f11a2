package org.granary.planner.client;

import java.util.List;

/** A page of jobs by id; {@code nextAfter} is where the next page begins, null after the last. */
public record JobPage(List<Job> items, Long nextAfter) {
    public JobPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
