package org.granary.planner.client;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A job with the ids of the granules it read, the granules it made, and each change of its state ({@code GET /jobs/{id}}). */
public record JobDetail(Job job, List<Long> inputs, List<JobDetail.Output> outputs, List<JobDetail.Transition> transitions) {
    public JobDetail {
        requireNonNull(job, "job is null");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }

    /** A granule the job made, as ingest-service catalogued it. */
    public record Output(long granuleId, String esdt, String fileName) {
    }

    /** One change of state with its reason; {@code from} is null for the job's creation. */
    public record Transition(Instant at, String from, String to, String reason) {
    }
}
