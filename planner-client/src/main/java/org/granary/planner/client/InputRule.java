package org.granary.planner.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The production rule of one PGE input: its ESDT (and collection, null for any), how granules are
 * chosen ({@code overlap}, {@code window}, {@code latest-before}, {@code closest}), whether the job
 * needs it, how many it needs and how long it waits for them. Null fields take the planner's defaults.
 */
public record InputRule(String esdt, Integer collection, String selection, Duration before, Duration after, Boolean mandatory,
        Integer minimumCount, Duration waitFor) {
    public InputRule {
        requireNonNull(esdt, "esdt is null");
    }
}
