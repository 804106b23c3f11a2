package org.granary.planner.execution;

import java.util.Optional;
import org.granary.planner.PlannerProperties;

/** Makes the Slurm executor from the planner's settings. */
final class SlurmExecutors {
    private SlurmExecutors() {
    }

    static Executor create(PlannerProperties.Slurm settings) {
        return Optional.<Executor>empty().orElseThrow(() -> new UnsupportedOperationException("the Slurm executor is not wired yet: " + settings));
    }
}
