package org.granary.planner.execution;

import static java.util.Objects.requireNonNull;

/** Where a run is, as its executor sees it. */
public sealed interface RunStatus {
    /** Accepted but not started yet (a batch job waiting in the queue). */
    record Pending() implements RunStatus {
    }

    record Running() implements RunStatus {
    }

    /** The command ended by itself with this exit code (0 is success). */
    record Exited(int exitCode) implements RunStatus {
    }

    /** Stopped because it ran past the PGE's time limit. */
    record TimedOut() implements RunStatus {
    }

    /** Stopped by {@link Executor#cancel}. */
    record Cancelled() implements RunStatus {
    }

    /** The run is gone without an exit code: its worker or node died, or the executor forgot it. */
    record Lost(String reason) implements RunStatus {
        public Lost {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Whether the run has ended, one way or another. */
    default boolean ended() {
        return !(this instanceof Pending || this instanceof Running);
    }
}
