package org.granary.planner.execution.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.granary.planner.execution.ExecutionException;
import org.granary.planner.execution.RunRequest;

/**
 * The script {@code sbatch} submits: it runs the command (not {@code exec}: it must outlive it)
 * and records its exit code in the work directory, where the planner reads it also after Slurm
 * has forgotten the job. A command killed by signal N is recorded as 128 + N, as shells do. When
 * the script itself is killed (a time limit, {@code scancel}) nothing is recorded, and Slurm's
 * account of the job decides.
 */
final class BatchScript {
    private BatchScript() {
    }

    /** Writes the script into the work directory; sbatch copies it at submission. */
    static Path write(RunRequest request, Path workDirectory) {
        Path script = workDirectory.resolve(".granary-" + request.runName() + ".sh");
        try {
            Files.writeString(script, text(request, workDirectory), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExecutionException("cannot write the batch script " + script, true, e);
        }
        return script;
    }

    static String text(RunRequest request, Path workDirectory) {
        String command = request.command().stream().map(BatchScript::quote).collect(Collectors.joining(" "));
        String exitCodeFile = quote(workDirectory + "/" + RunFiles.EXIT_CODE_PREFIX) + "\"$SLURM_JOB_ID\"";
        return """
                #!/bin/sh
                # %s, written by Granary's Slurm executor: runs the command and records its exit code.
                %s
                code=$?
                exit_code_file=%s
                printf '%%d\\n' "$code" > "$exit_code_file.partial" && mv -f "$exit_code_file.partial" "$exit_code_file"
                exit "$code"
                """.formatted(request.runName(), command, exitCodeFile);
    }

    /** One word for a POSIX shell, whatever it holds: inside single quotes only ' itself needs care. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
