package org.granary.planner.execution.slurm;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A job as Slurm reports it: its state ({@code RUNNING}, {@code TIMEOUT}, ...), the exit code and
 * signal of its batch script ({@code ExitCode=3:0}, {@code 0:9}), and the reason Slurm gives.
 */
record SlurmJob(String state, int exitCode, int signal, String reason) {
    private static final Set<String> WAITING = Set.of("PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
            "SPECIAL_EXIT", "RESV_DEL_HOLD");
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "BOOT_FAIL",
            "OUT_OF_MEMORY", "PREEMPTED", "DEADLINE", "REVOKED");
    private static final Pattern STATE = Pattern.compile("(?:^|\\s)JobState=(\\S+)");
    private static final Pattern EXIT_CODE = Pattern.compile("(?:^|\\s)ExitCode=(\\d+):(\\d+)");
    private static final Pattern REASON = Pattern.compile("(?:^|\\s)Reason=(\\S+)");
    private static final Pattern ACCOUNTING_LINE = Pattern.compile("(?m)^\\d+\\|(\\w+)[^|]*\\|(\\d+):(\\d+)$");

    SlurmJob {
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
    }

    /** Parses {@code scontrol show job --oneliner}: {@code JobId=12 ... JobState=RUNNING Reason=None ... ExitCode=0:0 ...}. */
    static SlurmJob ofController(String line) {
        Matcher state = STATE.matcher(line);
        Matcher exitCode = EXIT_CODE.matcher(line);
        if (!state.find() || !exitCode.find()) {
            throw new IllegalArgumentException("not a job as scontrol shows it: " + line);
        }
        Matcher reason = REASON.matcher(line);
        return new SlurmJob(state.group(1), Integer.parseInt(exitCode.group(1)), Integer.parseInt(exitCode.group(2)),
                reason.find() ? reason.group(1) : "None");
    }

    /** Parses {@code sacct --parsable2 --format=JobID,State,ExitCode}: {@code 12|CANCELLED by 0|0:15}; empty when it has no line. */
    static Optional<SlurmJob> ofAccounting(String output) {
        Matcher line = ACCOUNTING_LINE.matcher(output);
        if (!line.find()) {
            return Optional.empty();
        }
        return Optional.of(new SlurmJob(line.group(1), Integer.parseInt(line.group(2)), Integer.parseInt(line.group(3)), "None"));
    }

    boolean waiting() {
        return WAITING.contains(state);
    }

    /** Ended for good; anything else (RUNNING, COMPLETING, SUSPENDED, a state newer than this code) still runs. */
    boolean ended() {
        return ENDED.contains(state);
    }

    /** Slurm's words: {@code FAILED (reason JobLaunchFailure, exit code 0:9)}. */
    String describe() {
        return state + " (reason " + reason + ", exit code " + exitCode + ":" + signal + ")";
    }
}
