package org.granary.metadatasync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Which side wins when both changed one file within {@code window} of each other: the legacy side
 * by default (the old system must keep working), or the catalogue for the ESDTs named so.
 */
public record ConflictPolicy(Duration window, Map<String, Side> winnerByEsdt) {
    /** A side of the sync. */
    public enum Side {
        LEGACY("legacy"), CATALOGUE("catalogue");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ConflictPolicy {
        requireNonNull(window, "window is null");
        winnerByEsdt = Map.copyOf(winnerByEsdt);
    }

    public Side winner(String esdt) {
        return esdt == null ? Side.LEGACY : winnerByEsdt.getOrDefault(esdt, Side.LEGACY);
    }

    /** Whether two changes, one on each side, were made within the window of each other. */
    boolean concurrent(Instant one, Instant other) {
        return one != null && other != null && Duration.between(one, other).abs().compareTo(window) <= 0;
    }
}
