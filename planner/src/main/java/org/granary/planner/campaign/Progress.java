package org.granary.planner.campaign;

import java.time.Instant;
import java.util.Map;

/**
 * How far a campaign is: jobs per state, how many ended (succeeded, failed or cancelled) of how
 * many, and when the rest should have ended at the pace of those that ended so far (null before
 * the first ended, and once all have).
 */
public record Progress(Map<String, Long> jobs, long total, long ended, double percent, Instant estimatedEnd) {
    public Progress {
        jobs = Map.copyOf(jobs);
    }
}
