package org.granary.planner.execution;

import static java.util.Objects.requireNonNull;

/** The name under which this planner instance claims jobs: {@code <pid>@<host>/<random>}. */
public record WorkerName(String value) {
    public WorkerName {
        requireNonNull(value, "value is null");
    }
}
