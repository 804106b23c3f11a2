package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@link SlurmExecutor}. Not bound to configuration keys yet: the service that
 * runs the executor builds it.
 *
 * @param commandDirectory the folder holding {@code sbatch}, {@code scontrol}, {@code sacct} and
 *     {@code scancel} ({@code /usr/bin} with Debian's {@code slurm-client})
 * @param environment added to the environment of every Slurm command and of every job, over the
 *     request's own; {@code SLURM_CONF} goes here when the cluster's configuration is not
 *     {@code /etc/slurm/slurm.conf}
 * @param partition the partition jobs are submitted to; empty: the cluster's default partition
 * @param commandTimeout how long one Slurm command may take; one that takes longer counts as a
 *     controller out of reach (retriable). Slurm's commands give up on an unreachable controller
 *     after about its {@code MessageTimeout} (10 s by default), {@code scontrol} after twice that.
 */
public record SlurmProperties(Path commandDirectory, Map<String, String> environment, Optional<String> partition, Duration commandTimeout) {
    public SlurmProperties {
        requireNonNull(commandDirectory, "commandDirectory is null");
        environment = Map.copyOf(environment);
        requireNonNull(partition, "partition is null");
        requireNonNull(commandTimeout, "commandTimeout is null");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the command timeout is positive: " + commandTimeout);
        }
    }
}
