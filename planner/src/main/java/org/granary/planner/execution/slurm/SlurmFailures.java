package org.granary.planner.execution.slurm;

import java.util.List;
import java.util.Locale;

/**
 * Which failures of Slurm's commands may pass: the controller or the local munged out of reach,
 * a busy controller. Anything else (a job the cluster cannot run, an unknown partition, a wrong
 * munge key) stays until someone changes the request or the cluster.
 */
final class SlurmFailures {
    private static final List<String> PASSING = List.of(
            "unable to contact slurm controller",
            "socket timed out",
            "connection refused",
            "connection timed out",
            "zero bytes were transmitted or received",
            "temporarily unavailable",
            "temporarily unable",
            "communication connection failure",
            "slurm backup controller in standby mode",
            // munged not running here: its socket is missing
            "munge encode failed: failed to access");

    private SlurmFailures() {
    }

    static boolean retriable(String message) {
        String lowerCase = message.toLowerCase(Locale.ROOT);
        return PASSING.stream().anyMatch(lowerCase::contains);
    }
}
