/**
 * The Slurm executor: each run is a batch job of a Slurm cluster, submitted with {@code sbatch},
 * followed with {@code scontrol} (and {@code sacct} once the controller has forgotten it), stopped
 * with {@code scancel}.
 *
 * <p>The batch script runs the command in the run's work directory and records its exit code in
 * a file there ({@code .granary-exit-code-<job id>}), so that the exit code is known without
 * Slurm's accounting. How a run ended:
 *
 * <ul>
 *   <li>the command ended by itself: {@code Exited} with its exit code (128 + N when signal N
 *       killed it), from the file, or from Slurm's record when the job {@code COMPLETED};
 *   <li>Slurm's time limit ({@code TIMEOUT}): {@code TimedOut};
 *   <li>cancelled through the executor: {@code Cancelled}; {@code scancel} by anyone else: {@code
 *       Lost}, as the command did not end by itself and nobody in Granary asked for it;
 *   <li>the batch script killed (a {@code kill -9} of its process), the job unable to start, its
 *       node failed, out of memory, preempted: {@code Lost}, with Slurm's words in the reason;
 *   <li>a job Slurm does not know (any more) that left no exit code and no mark of our
 *       cancellation: {@code Lost}.
 * </ul>
 *
 * <p>Jobs are submitted with {@code --no-requeue}: the planner makes further attempts itself.
 */
package org.granary.planner.execution.slurm;
