package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.granary.planner.execution.RunStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlurmStatusRulesTest {
    private static final SlurmRunId RUN = new SlurmRunId("42", Path.of("/shared/work/job-7"));
    private static final OptionalInt NONE = OptionalInt.empty();

    @Test
    void waitingAndRunningStatesAreNotEnded() {
        assertThat(StatusRules.active(job("PENDING", 0, 0))).isEqualTo(new RunStatus.Pending());
        assertThat(StatusRules.active(job("CONFIGURING", 0, 0))).isEqualTo(new RunStatus.Pending());
        assertThat(StatusRules.active(job("RUNNING", 0, 0))).isEqualTo(new RunStatus.Running());
        assertThat(StatusRules.active(job("COMPLETING", 0, 0))).isEqualTo(new RunStatus.Running());
        assertThat(job("COMPLETING", 0, 0).ended()).isFalse();
        assertThat(job("SOME_NEW_STATE", 0, 0).ended()).isFalse();
    }

    @Test
    void aCommandThatEndedByItselfExitsWithTheRecordedCode() {
        assertThat(ended(job("COMPLETED", 0, 0), OptionalInt.of(0), false)).isEqualTo(new RunStatus.Exited(0));
        assertThat(ended(job("FAILED", 3, 0), OptionalInt.of(3), false)).isEqualTo(new RunStatus.Exited(3));
    }

    @Test
    void slurmsRecordOfACompletedJobIsEnoughWithoutTheFile() {
        assertThat(ended(job("COMPLETED", 0, 0), NONE, false)).isEqualTo(new RunStatus.Exited(0));
    }

    @Test
    void aFailedJobWithoutRecordedExitCodeIsLost() {
        RunStatus status = ended(new SlurmJob("FAILED", 0, 9, "JobLaunchFailure"), NONE, false);

        assertThat(status).isInstanceOfSatisfying(RunStatus.Lost.class, lost -> assertThat(lost.reason())
                .contains("Slurm job 42 failed before its command could record an exit code")
                .contains("FAILED (reason JobLaunchFailure, exit code 0:9)"));
    }

    @Test
    void theTimeLimitWinsOverAnything() {
        assertThat(ended(job("TIMEOUT", 0, 15), OptionalInt.of(143), true)).isEqualTo(new RunStatus.TimedOut());
    }

    @Test
    void onlyOurOwnCancellationIsCancelled() {
        assertThat(ended(job("CANCELLED", 0, 15), NONE, true)).isEqualTo(new RunStatus.Cancelled());
        assertThat(ended(job("CANCELLED", 0, 15), NONE, false)).isInstanceOfSatisfying(RunStatus.Lost.class,
                lost -> assertThat(lost.reason()).contains("cancelled outside Granary"));
    }

    @Test
    void failuresOfTheClusterAreLostWithTheirCause() {
        assertThat(lostReason(job("NODE_FAIL", 0, 0))).isEqualTo("the node of Slurm job 42 failed");
        assertThat(lostReason(job("BOOT_FAIL", 0, 0))).isEqualTo("the node of Slurm job 42 failed to boot");
        assertThat(lostReason(job("OUT_OF_MEMORY", 0, 0))).contains("more memory than it asked for");
        assertThat(lostReason(job("PREEMPTED", 0, 0))).contains("preempted");
        assertThat(lostReason(job("REVOKED", 0, 0))).isEqualTo("Slurm ended Slurm job 42 as REVOKED (reason None, exit code 0:0)");
    }

    @Test
    void aJobSlurmForgotIsKnownByWhatItLeft() {
        assertThat(StatusRules.ended(RUN, Optional.empty(), OptionalInt.of(5), false)).isEqualTo(new RunStatus.Exited(5));
        assertThat(StatusRules.ended(RUN, Optional.empty(), NONE, true)).isEqualTo(new RunStatus.Cancelled());
        assertThat(StatusRules.ended(RUN, Optional.empty(), NONE, false)).isInstanceOfSatisfying(RunStatus.Lost.class,
                lost -> assertThat(lost.reason()).contains("Slurm does not know job 42").contains("/shared/work/job-7"));
    }

    private static SlurmJob job(String state, int exitCode, int signal) {
        return new SlurmJob(state, exitCode, signal, "None");
    }

    private static RunStatus ended(SlurmJob job, OptionalInt recordedExitCode, boolean cancelledByGranary) {
        return StatusRules.ended(RUN, Optional.of(job), recordedExitCode, cancelledByGranary);
    }

    private static String lostReason(SlurmJob job) {
        return ((RunStatus.Lost) ended(job, NONE, false)).reason();
    }
}
