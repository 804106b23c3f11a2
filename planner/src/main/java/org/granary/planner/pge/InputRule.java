package org.granary.planner.pge;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The production rule of one PGE input: which ESDT (and collection, or any), how its granules are
 * chosen, whether the job may run without it, how many it needs, and how long a job waits for late
 * data before it runs without an optional input or fails for a mandatory one.
 */
public record InputRule(String esdt, Integer collection, Selection selection, Duration before, Duration after, Boolean mandatory,
        Integer minimumCount, Duration waitFor) {
    public InputRule {
        requireNonNull(esdt, "an input's esdt is required");
        if (!esdt.matches("[A-Za-z0-9_]{1,80}")) {
            throw new IllegalArgumentException("an input's esdt is 1 to 80 letters, digits or _: '" + esdt + "'");
        }
        selection = selection == null ? Selection.OVERLAP : selection;
        before = before == null ? Duration.ZERO : before;
        after = after == null ? Duration.ZERO : after;
        waitFor = waitFor == null ? Duration.ofHours(6) : waitFor;
        if (before.isNegative() || after.isNegative() || waitFor.isNegative()) {
            throw new IllegalArgumentException("before, after and waitFor of input " + esdt + " are not negative");
        }
        mandatory = mandatory == null || mandatory;
        minimumCount = minimumCount == null ? 1 : minimumCount;
        if (minimumCount < 0 || minimumCount > 100_000) {
            throw new IllegalArgumentException("minimumCount of input " + esdt + " is 0 to 100000: " + minimumCount);
        }
        if (mandatory && minimumCount == 0) {
            minimumCount = 1;
        }
    }
}
