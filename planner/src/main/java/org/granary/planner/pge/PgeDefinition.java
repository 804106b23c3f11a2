package org.granary.planner.pge;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quartz.CronExpression;

import static java.util.Objects.requireNonNull;

/**
 * A PGE as a scientist registers it: one version of one algorithm, the command that runs it (an
 * executable and its argument template, see {@link CommandTemplate}), the unit one job covers, the
 * rules of its inputs, the ESDTs it makes, and what one run needs. {@code registeredAt} and
 * {@code registeredBy} are set by the planner and ignored in a registration.
 */
public record PgeDefinition(String name, String version, List<String> command, TimeUnit timeUnit, Duration unitLength, List<InputRule> inputs,
        List<String> outputs, Integer cores, Integer memoryMegabytes, Duration timeLimit, Integer maxAttempts, String schedule, Instant registeredAt,
        String registeredBy) {
    public PgeDefinition {
        requireNonNull(name, "name is required");
        requireNonNull(version, "version is required");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")) {
            throw new IllegalArgumentException("name is 1 to 80 letters, digits, _ . or -, starting with a letter or digit: '" + name + "'");
        }
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")) {
            throw new IllegalArgumentException("version is 1 to 40 letters, digits, _ . or -: '" + version + "'");
        }
        requireNonNull(command, "command is required: the executable and its arguments");
        command = List.copyOf(command);
        requireNonNull(timeUnit, "timeUnit is required: orbit, day, month or interval");
        if ((timeUnit == TimeUnit.INTERVAL) != (unitLength != null)) {
            throw new IllegalArgumentException("unitLength is given exactly when timeUnit is interval");
        }
        if (unitLength != null && (unitLength.compareTo(Duration.ofMinutes(1)) < 0 || unitLength.compareTo(Duration.ofDays(366)) > 0)) {
            throw new IllegalArgumentException("unitLength is 1 minute to 366 days: " + unitLength);
        }
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        if (inputs.isEmpty() || inputs.size() > 50) {
            throw new IllegalArgumentException("a PGE has 1 to 50 inputs");
        }
        Set<String> esdts = new HashSet<>();
        for (InputRule input : inputs) {
            if (!esdts.add(input.esdt())) {
                throw new IllegalArgumentException("input " + input.esdt() + " is listed twice");
            }
        }
        if (inputs.stream().noneMatch(input -> input.selection().makesJobs())) {
            throw new IllegalArgumentException("at least one input selects by overlap or window: its granules arriving make the jobs");
        }
        outputs = outputs == null ? List.of() : outputs;
        if (outputs.isEmpty() || outputs.stream().anyMatch(esdt -> esdt == null || !esdt.matches("[A-Za-z0-9_]{1,80}"))) {
            throw new IllegalArgumentException("outputs lists the 1 or more ESDTs the PGE makes (letters, digits, _)");
        }
        outputs = outputs.stream().distinct().sorted().toList();
        cores = cores == null ? 1 : cores;
        memoryMegabytes = memoryMegabytes == null ? 1024 : memoryMegabytes;
        timeLimit = timeLimit == null ? Duration.ofHours(1) : timeLimit;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (cores < 1 || cores > 1024 || memoryMegabytes < 1) {
            throw new IllegalArgumentException("cores is 1 to 1024 and memoryMegabytes at least 1");
        }
        if (timeLimit.compareTo(Duration.ofSeconds(1)) < 0 || timeLimit.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("timeLimit is 1 second to 30 days: " + timeLimit);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts is 1 to 20: " + maxAttempts);
        }
        if (schedule != null && !CronExpression.isValidExpression(schedule)) {
            throw new IllegalArgumentException("schedule is a Quartz cron expression in UTC (e.g. '0 0 2 * * ?' for 02:00 daily): '"
                    + schedule + "'");
        }
        CommandTemplate.check(command, esdts);
    }

    /** The same definition as registered by {@code who} at {@code at}. */
    public PgeDefinition registered(Instant at, String who) {
        return new PgeDefinition(name, version, command, timeUnit, unitLength, inputs, outputs, cores, memoryMegabytes, timeLimit, maxAttempts,
                schedule, at, who);
    }

    /** Whether two registrations say the same, ignoring who registered them and when. */
    public boolean sameAs(PgeDefinition other) {
        return registered(null, null).equals(other.registered(null, null));
    }
}
