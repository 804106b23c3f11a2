package org.granary.planner.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobStateTest {
    @Test
    void aJobRunsOnlyOnceClaimedAndEndsOnlyFromWhereItCan() {
        assertThat(JobState.READY.mayBecome(JobState.RUNNING)).as("a run is claimed first").isFalse();
        assertThat(JobState.WAITING.mayBecome(JobState.QUEUED)).isFalse();
        assertThat(JobState.PLANNED.mayBecome(JobState.SUCCEEDED)).isFalse();
        assertThat(JobState.RUNNING.mayBecome(JobState.SUCCEEDED)).isTrue();
        assertThat(JobState.SUCCEEDED.next()).as("a success is final").isEmpty();
        assertThat(JobState.FAILED.next()).as("a failed job is only planned again").containsExactly(JobState.PLANNED);
        for (JobState state : JobState.values()) {
            assertThat(state.mayBecome(state)).as(state + " to itself").isFalse();
            assertThat(state.terminal() || state.mayBecome(JobState.CANCELLED)).as(state + " can be cancelled unless ended").isTrue();
        }
    }
}
