package org.granary.metadatasync.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The sync's counts, as metrics: changes applied each way, conflicts, rows quarantined. */
public final class SyncCounters {
    private final Counter toCatalogue;
    private final Counter toLegacy;
    private final Counter conflicts;
    private final Counter quarantined;

    public SyncCounters(MeterRegistry registry) {
        toCatalogue = Counter.builder("granary_sync_applied").tag("direction", "legacy-to-catalogue")
                .description("file changes applied from one side to the other").register(registry);
        toLegacy = Counter.builder("granary_sync_applied").tag("direction", "catalogue-to-legacy")
                .description("file changes applied from one side to the other").register(registry);
        conflicts = Counter.builder("granary_sync_conflicts").description("files both sides changed within the window").register(registry);
        quarantined = Counter.builder("granary_sync_quarantined").description("legacy rows put in quarantine").register(registry);
    }

    void appliedToCatalogue(int count) {
        toCatalogue.increment(count);
    }

    void appliedToLegacy(int count) {
        toLegacy.increment(count);
    }

    void conflicts(int count) {
        conflicts.increment(count);
    }

    void quarantined(int count) {
        quarantined.increment(count);
    }

    public double appliedToCatalogue() {
        return toCatalogue.count();
    }

    public double appliedToLegacy() {
        return toLegacy.count();
    }
}
