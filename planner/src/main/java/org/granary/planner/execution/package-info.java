/**
 * Running PGEs: the {@link org.granary.planner.execution.Executor} interface with its local and
 * Slurm implementations, and the workers that stage inputs, run a job and push its outputs.
 */
package org.granary.planner.execution;
