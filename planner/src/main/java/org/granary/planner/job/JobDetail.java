package org.granary.planner.job;

import java.util.List;

/** A job with the granules it read and made, and its history. */
public record JobDetail(Job job, List<Long> inputs, List<JobRepository.OutputGranule> outputs, List<Transition> transitions) {
    public JobDetail {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        transitions = List.copyOf(transitions);
    }
}
