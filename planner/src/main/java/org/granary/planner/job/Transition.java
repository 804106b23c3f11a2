package org.granary.planner.job;

import java.time.Instant;

/** One change of a job's state, with its reason; {@code from} is null for the job's creation. */
public record Transition(Instant at, JobState from, JobState to, String reason) {
}
