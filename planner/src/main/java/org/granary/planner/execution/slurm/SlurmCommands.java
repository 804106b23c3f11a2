package org.granary.planner.execution.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.granary.planner.execution.ExecutionException;

/**
 * Runs {@code sbatch}, {@code scontrol}, {@code sacct} and {@code scancel}, each under the
 * command timeout, and reads their answers.
 */
final class SlurmCommands {
    /** What a job takes of the planner's environment: enough to find programs and a home, no secrets. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ");

    private final SlurmProperties properties;
    private final Map<String, String> basicEnvironment;

    SlurmCommands(SlurmProperties properties) {
        this.properties = properties;
        Map<String, String> basics = new HashMap<>();
        INHERITED.forEach(name -> Optional.ofNullable(System.getenv(name)).ifPresent(value -> basics.put(name, value)));
        this.basicEnvironment = Map.copyOf(basics);
    }

    /** Submits a batch job whose environment is {@code jobEnvironment} over the basics; returns its id. */
    String submit(List<String> arguments, Map<String, String> jobEnvironment) {
        CommandOutput output = run("sbatch", arguments, jobEnvironment);
        if (!output.succeeded()) {
            throw output.failure("Slurm did not accept the job");
        }
        // --parsable answers "<job id>" or "<job id>;<cluster>"
        String jobId = output.stdout().strip().replaceFirst(";.*", "");
        if (!jobId.matches("\\d+")) {
            throw new ExecutionException("sbatch answered no job id: " + output.stdout(), false, null);
        }
        return jobId;
    }

    /** The job as the controller holds it; empty when it does not know it (any more: see MinJobAge). */
    Optional<SlurmJob> controllerRecord(String jobId) {
        CommandOutput output = run("scontrol", List.of("show", "job", "--oneliner", jobId), Map.of());
        if (output.succeeded()) {
            return Optional.of(SlurmJob.ofController(output.stdout()));
        }
        if (output.says("Invalid job id specified")) {
            return Optional.empty();
        }
        throw output.failure("cannot ask Slurm about job " + jobId);
    }

    /** The job as accounting (slurmdbd) recorded it; empty when the cluster keeps no accounts or has none of it. */
    Optional<SlurmJob> accountingRecord(String jobId) {
        CommandOutput output = run("sacct", List.of("--noheader", "--parsable2", "--allocations", "--jobs=" + jobId,
                "--format=JobID,State,ExitCode"), Map.of());
        if (output.succeeded()) {
            return SlurmJob.ofAccounting(output.stdout());
        }
        if (output.says("accounting storage is disabled")) {
            return Optional.empty();
        }
        throw output.failure("cannot ask Slurm's accounting about job " + jobId);
    }

    /** Cancels the job; one that has ended or is forgotten is fine. */
    void cancel(String jobId) {
        CommandOutput output = run("scancel", List.of(jobId), Map.of());
        if (!output.succeeded() && !output.says("Invalid job id specified") && !output.says("already completing or completed")) {
            throw output.failure("cannot cancel job " + jobId);
        }
    }

    private CommandOutput run(String name, List<String> arguments, Map<String, String> jobEnvironment) {
        List<String> command = new ArrayList<>();
        command.add(properties.commandDirectory().resolve(name).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(basicEnvironment);
        builder.environment().putAll(jobEnvironment);
        builder.environment().putAll(properties.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutionException("cannot run " + command.getFirst() + " (is Slurm's client installed there?)", false, e);
        }
        return awaitOutput(String.join(" ", command), process);
    }

    private CommandOutput awaitOutput(String command, Process process) {
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(properties.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ExecutionException(command + " took longer than " + properties.commandTimeout(), true, null);
            }
            return new CommandOutput(command, process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted while waiting for " + command, true, e);
        }
    }

    /** Reads a stream on a thread of its own, so that a full pipe cannot stall the command. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}
