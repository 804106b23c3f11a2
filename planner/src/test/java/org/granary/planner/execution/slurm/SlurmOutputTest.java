package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import org.granary.planner.execution.RunReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading what Slurm 22.05's commands answer, and the references the executor hands out. */
class SlurmOutputTest {
    @Test
    void readsTheStateExitCodeAndReasonOfScontrol() {
        String line = "JobId=1 JobName=t1 UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null)"
                + " JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0"
                + " RunTime=00:00:02 TimeLimit=00:01:00 TimeMin=N/A Command=/work/a JobState=x/.granary.sh WorkDir=/work/a JobState=x"
                + " StdErr=/work/a/err StdIn=/dev/null StdOut=/work/a/out Power= \n";

        assertThat(SlurmJob.ofController(line)).isEqualTo(new SlurmJob("FAILED", 3, 0, "NonZeroExitCode"));
    }

    @Test
    void readsSacct() {
        assertThat(SlurmJob.ofAccounting("12|CANCELLED by 0|0:15\n")).contains(new SlurmJob("CANCELLED", 0, 15, "None"));
        assertThat(SlurmJob.ofAccounting("12|OUT_OF_MEMORY|0:125\n")).contains(new SlurmJob("OUT_OF_MEMORY", 0, 125, "None"));
        assertThat(SlurmJob.ofAccounting("")).isEmpty();
    }

    @Test
    void retriesOnlyWhatAnUnreachableControllerOrMungeCauses() {
        assertThat(SlurmFailures.retriable("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)"))
                .isTrue();
        assertThat(SlurmFailures.retriable("slurm_load_jobs error: Socket timed out on send/recv operation")).isTrue();
        assertThat(SlurmFailures.retriable("sbatch: error: Munge encode failed: Failed to access \"/run/munge/munge.socket.2\": No such"
                + " file or directory (Did you start munged?)")).isTrue();
        assertThat(SlurmFailures.retriable("sbatch: error: Batch job submission failed: Requested node configuration is not available"))
                .isFalse();
        assertThat(SlurmFailures.retriable("sbatch: error: Batch job submission failed: Invalid partition name specified")).isFalse();
        assertThat(SlurmFailures.retriable("sbatch: error: Batch job submission failed: Protocol authentication error")).isFalse();
    }

    @Test
    void referencesCarryTheJobIdAndTheWorkDirectory() {
        SlurmRunId run = new SlurmRunId("4711", Path.of("/shared/work/job @7"));

        assertThat(run.reference()).isEqualTo(new RunReference("slurm", "4711@/shared/work/job @7"));
        assertThat(SlurmRunId.of(run.reference())).isEqualTo(run);
    }

    @Test
    void refusesReferencesOfOtherExecutorsAndMalformedOnes() {
        assertThatThrownBy(() -> SlurmRunId.of(new RunReference("local", "4711@/work"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlurmRunId.of(new RunReference("slurm", "4711"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlurmRunId.of(new RunReference("slurm", "x@/work"))).isInstanceOf(IllegalArgumentException.class);
    }
}
