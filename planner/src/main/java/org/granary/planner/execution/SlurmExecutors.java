package org.granary.planner.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.granary.planner.PlannerProperties;
import org.granary.planner.execution.slurm.SlurmExecutor;
import org.granary.planner.execution.slurm.SlurmProperties;

/** Makes the Slurm executor from the planner's settings ({@code granary.planner.slurm.*}). */
final class SlurmExecutors {
    private SlurmExecutors() {
    }

    static Executor create(PlannerProperties.Slurm settings) {
        Path commands = settings.commands().isEmpty() ? Path.of("/usr/bin") : Path.of(settings.commands());
        Map<String, String> environment = settings.configuration().isEmpty() ? Map.of() : Map.of("SLURM_CONF", settings.configuration());
        Optional<String> partition = settings.partition().isEmpty() ? Optional.empty() : Optional.of(settings.partition());
        return new SlurmExecutor(new SlurmProperties(commands, environment, partition, settings.commandTimeout()));
    }
}
