package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.planner.execution.RunRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlurmSubmissionTest {
    private static final Path WORK = Path.of("/shared/work/job-7");

    @Test
    void passesResourcesFilesAndNameToSbatch() {
        RunRequest request = request(List.of("/opt/pge/bin/level1", "--granule", "a b"), Duration.ofMinutes(90));

        assertThat(SbatchArguments.of(request, WORK, Optional.of("batch"), WORK.resolve(".granary-granary-job-7-2.sh"))).containsExactly(
                "--parsable",
                "--job-name=granary-job-7-2",
                "--nodes=1",
                "--ntasks=1",
                "--cpus-per-task=4",
                "--mem=2048M",
                "--time=90",
                "--chdir=/shared/work/job-7",
                "--output=/shared/work/job-7/stdout.txt",
                "--error=/logs/job-7/stderr.txt",
                "--export=ALL",
                "--no-requeue",
                "--partition=batch",
                "/shared/work/job-7/.granary-granary-job-7-2.sh");
    }

    @Test
    void leavesThePartitionToTheClusterWhenNoneIsSet() {
        List<String> arguments = SbatchArguments.of(request(List.of("true"), Duration.ofMinutes(1)), WORK, Optional.empty(), WORK.resolve("s.sh"));

        assertThat(arguments).noneMatch(argument -> argument.startsWith("--partition"));
    }

    @Test
    void roundsTheTimeLimitUpToWholeMinutesOfAtLeastOne() {
        assertThat(SbatchArguments.minutes(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(SbatchArguments.minutes(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(SbatchArguments.minutes(Duration.ofSeconds(61))).isEqualTo(2);
        assertThat(SbatchArguments.minutes(Duration.ofHours(47).plusSeconds(3599))).isEqualTo(2880);
    }

    @Test
    void keepsPercentSignsInFileNamesLiteral() {
        assertThat(SbatchArguments.filenamePattern(Path.of("/work/100%/out-%j"))).isEqualTo("/work/100%%/out-%%j");
    }

    @Test
    void quotesEveryWordForTheShell() {
        assertThat(BatchScript.quote("plain")).isEqualTo("'plain'");
        assertThat(BatchScript.quote("")).isEqualTo("''");
        assertThat(BatchScript.quote("it's $HOME `id` \"x\"; rm -rf /")).isEqualTo("'it'\\''s $HOME `id` \"x\"; rm -rf /'");
        assertThat(BatchScript.quote("line\nbreak")).isEqualTo("'line\nbreak'");
    }

    @Test
    void scriptRunsTheCommandAndRecordsItsExitCodeUnderTheJobId() {
        String script = BatchScript.text(request(List.of("/opt/pge/bin/level1", "--name", "O'Brien"), Duration.ofMinutes(5)), WORK);

        assertThat(script).startsWith("#!/bin/sh\n").contains("\n'/opt/pge/bin/level1' '--name' 'O'\\''Brien'\ncode=$?\n")
                .contains("exit_code_file='/shared/work/job-7/.granary-exit-code-'\"$SLURM_JOB_ID\"\n")
                .contains("printf '%d\\n' \"$code\" > \"$exit_code_file.partial\" && mv -f \"$exit_code_file.partial\" \"$exit_code_file\"\n")
                .endsWith("exit \"$code\"\n")
                .doesNotContain("exec ");
    }

    private static RunRequest request(List<String> command, Duration timeLimit) {
        return new RunRequest(7, 2, WORK, command, Map.of("GRANULE", "x"), 4, 2048, timeLimit, Path.of("stdout.txt"),
                Path.of("/logs/job-7/stderr.txt"));
    }
}
