package org.granary.planner.execution;

/**
 * Where PGE runs happen: local processes on this machine, or batch jobs on a Slurm cluster. The
 * planner stages a job's inputs into its working directory before {@link #start}, and pushes what
 * the run left in the output directory after it exited with 0; an executor only runs, follows and
 * stops the command. Implementations are thread-safe.
 */
public interface Executor {
    /** The name jobs record as their executor ({@code local}, {@code slurm}). */
    String name();

    /**
     * Starts the run and returns at once with the reference to follow it by. Throws
     * {@link ExecutionException} when the run could not be started (retriable or not).
     */
    RunReference start(RunRequest request);

    /**
     * Where the run is now; does not wait for it. A run this executor cannot find any more (a
     * process that died with the planner instance that started it, a batch job the cluster lost)
     * is {@link RunStatus.Lost}.
     */
    RunStatus status(RunReference reference);

    /** Stops the run and everything it started; harmless when it has ended already. */
    void cancel(RunReference reference);

    /**
     * Waits until the run ended or {@code atMost} passed, and returns where it is then. This
     * default asks {@link #status} every half second; an executor that is told when a run ends
     * answers at once.
     */
    default RunStatus await(RunReference reference, java.time.Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        RunStatus status = status(reference);
        while (!status.ended() && System.nanoTime() < deadline) {
            Thread.sleep(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
            status = status(reference);
        }
        return status;
    }
}
