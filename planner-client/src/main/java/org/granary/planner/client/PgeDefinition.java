package org.granary.planner.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One version of a PGE as the planner registers it ({@code POST /pges}): its command (the
 * executable's absolute path on the planner's machine, then arguments with placeholders such as
 * {@code {orbit}} or {@code {inputs:ESDT}}), its time unit ({@code orbit}, {@code day},
 * {@code month}, {@code interval}), its input rules and output ESDTs. Fields left null take the
 * planner's defaults; the planner checks the rest. {@code registeredAt} and {@code registeredBy}
 * are the planner's to set.
 */
public record PgeDefinition(String name, String version, List<String> command, String timeUnit, Duration unitLength, List<InputRule> inputs,
        List<String> outputs, Integer cores, Integer memoryMegabytes, Duration timeLimit, Integer maxAttempts, String schedule, Instant registeredAt,
        String registeredBy) {
    public PgeDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        command = command == null ? List.of() : List.copyOf(command);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** The same definition with another command, e.g. its executable made absolute for the planner's machine. */
    public PgeDefinition withCommand(List<String> newCommand) {
        return new PgeDefinition(name, version, newCommand, timeUnit, unitLength, inputs, outputs, cores, memoryMegabytes, timeLimit, maxAttempts,
                schedule, registeredAt, registeredBy);
    }
}
