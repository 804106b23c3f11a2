package org.granary.planner.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A job's state and the changes allowed from it. Planned: made, inputs not yet resolved; waiting:
 * for inputs, for the jobs making them, or for a retry's time; ready: may run; queued: claimed by
 * a worker; running: its PGE runs; succeeded, failed and cancelled are final (a scientist may
 * retry a failed or cancelled job, which makes it planned again).
 */
public enum JobState {
    PLANNED, WAITING, READY, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The states a job may go to from this one. */
    public Set<JobState> next() {
        return switch (this) {
            case PLANNED -> EnumSet.of(WAITING, READY, FAILED, CANCELLED);
            case WAITING -> EnumSet.of(READY, FAILED, CANCELLED);
            case READY -> EnumSet.of(QUEUED, CANCELLED);
            case QUEUED -> EnumSet.of(RUNNING, WAITING, READY, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, WAITING, FAILED, CANCELLED);
            case SUCCEEDED -> EnumSet.noneOf(JobState.class);
            case FAILED, CANCELLED -> EnumSet.of(PLANNED);
        };
    }

    public boolean mayBecome(JobState next) {
        return next().contains(next);
    }
}
