package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.planner.execution.RunRequest;

/** The options of {@code sbatch} for one run. */
final class SbatchArguments {
    private SbatchArguments() {
    }

    static List<String> of(RunRequest request, Path workDirectory, Optional<String> partition, Path script) {
        List<String> arguments = new ArrayList<>(List.of(
                "--parsable",
                "--job-name=" + request.runName(),
                "--nodes=1",
                "--ntasks=1",
                "--cpus-per-task=" + request.cores(),
                "--mem=" + request.memoryMegabytes() + "M",
                "--time=" + minutes(request.timeLimit()),
                "--chdir=" + workDirectory,
                "--output=" + filenamePattern(workDirectory.resolve(request.stdout())),
                "--error=" + filenamePattern(workDirectory.resolve(request.stderr())),
                // The job gets sbatch's environment, which SlurmCommands builds: nothing of the planner's beyond a few basics.
                "--export=ALL",
                // A job Slurm would start again under the same id (after a node failure) would look like a run
                // ended and begun anew; the planner makes the next attempt itself.
                "--no-requeue"));
        partition.ifPresent(name -> arguments.add("--partition=" + name));
        arguments.add(script.toString());
        return List.copyOf(arguments);
    }

    /** Slurm counts time limits in whole minutes: rounded up, at least one. */
    static long minutes(Duration timeLimit) {
        return Math.max(1, timeLimit.plusMinutes(1).minusNanos(1).toMinutes());
    }

    /** Slurm replaces {@code %j} and the like in the names of output files: a literal % is %%. */
    static String filenamePattern(Path file) {
        return file.toString().replace("%", "%%");
    }
}
