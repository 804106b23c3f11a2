package org.granary.metadatasync.apply;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.granary.metadatasync.apply.ConflictPolicy.Side;
import org.granary.metadatasync.apply.SyncStore.Agreement;
import org.granary.metadatasync.capture.LegacyChange;
import org.granary.metadatasync.catalog.Catalogue;
import org.granary.metadatasync.legacy.ChangedRow;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.legacy.LegacyMapping;
import org.granary.metadatasync.legacy.LegacyRow;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Applies changes of either side to the other, one batch at a time (the methods are synchronized:
 * the capture, the catalogue's feed and repairs never interleave, so each write carries the newest
 * state read). A change is applied as the whole current state of its file, read when applied, so
 * applying one twice, or late, changes nothing; a file whose state both sides already agree on is
 * not written.
 *
 * <p>Both sides changing one file within the conflict window is a conflict: the winner's record
 * (by {@link ConflictPolicy}, the legacy side by default) is applied to both sides, and both values
 * are kept in the conflict log.
 */
public final class SyncApplier {
    public static final String ORIGIN = "legacy";
    /** How long a batch waits for its legacy transactions to become visible before it reads anyway (they are, within milliseconds). */
    private static final Duration VISIBILITY_LIMIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(SyncApplier.class);

    private final LegacyDatabase legacy;
    private final Catalogue catalogue;
    private final SyncStore store;
    private final ConflictPolicy policy;
    private final SyncCounters counters;

    public SyncApplier(LegacyDatabase legacy, Catalogue catalogue, SyncStore store, ConflictPolicy policy, SyncCounters counters) {
        this.legacy = requireNonNull(legacy, "legacy is null");
        this.catalogue = requireNonNull(catalogue, "catalogue is null");
        this.store = requireNonNull(store, "store is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.counters = requireNonNull(counters, "counters is null");
    }

    /** Legacy to catalogue: the current legacy state of each changed file. */
    public synchronized void applyLegacy(List<LegacyChange> changes) throws SQLException {
        Map<String, Instant> changedAt = new LinkedHashMap<>();
        changes.forEach(change -> changedAt.merge(change.fileName(), change.committedAt(), (a, b) -> a.isAfter(b) ? a : b));
        Set<Long> transactions = new HashSet<>();
        changes.stream().filter(change -> change.transactionId() > 0).forEach(change -> transactions.add(change.transactionId()));
        long began = System.nanoTime();
        if (!legacy.awaitVisible(transactions, VISIBILITY_LIMIT)) {
            log.warn("{} legacy transaction(s) of this batch are still not visible after {}; reading the rows anyway", transactions.size(),
                    VISIBILITY_LIMIT);
        }
        long visible = System.nanoTime();
        Map<String, LegacyRow> rows = legacy.read(changedAt.keySet());
        long read = System.nanoTime();
        applyLegacyRows(changedAt, rows);
        log.debug("{} legacy change(s) of {} file(s): visible after {} ms, read in {} ms, applied in {} ms", changes.size(), changedAt.size(),
                (visible - began) / 1_000_000, (read - visible) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    /**
     * The initial load's chunk: up to {@code limit} legacy files after {@code afterFileName} in
     * file-name order, read and applied while the capture waits (this method holds the applier),
     * so a change the stream applies to one of them lands before the chunk reads it or after
     * the chunk was applied, and either way the newest state wins.
     *
     * @return the chunk's last file name and how many files it read (fewer than {@code limit}: the load is done)
     */
    public synchronized LoadedChunk applyLegacyChunk(String afterFileName, int limit) throws SQLException {
        List<ChangedRow> chunk = legacy.readAfter(afterFileName, limit);
        if (chunk.isEmpty()) {
            return new LoadedChunk(afterFileName, 0);
        }
        Map<String, Instant> changedAt = new LinkedHashMap<>();
        Map<String, LegacyRow> rows = new LinkedHashMap<>();
        for (ChangedRow changed : chunk) {
            changedAt.put(changed.row().fileName(), changed.changedAt());
            rows.put(changed.row().fileName(), changed.row());
        }
        applyLegacyRows(changedAt, rows);
        return new LoadedChunk(chunk.getLast().row().fileName(), chunk.size());
    }

    /** What a chunk of the initial load did: where the next one starts, and how many files it read. */
    public record LoadedChunk(String lastFileName, int files) {
    }

    private void applyLegacyRows(Map<String, Instant> changedAt, Map<String, LegacyRow> rows) throws SQLException {
        Map<String, FileState> states = store.states(changedAt.keySet());
        List<Catalogue.Write> writes = new ArrayList<>();
        List<LegacyRow> written = new ArrayList<>();
        List<CatalogState> backToLegacy = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : changedAt.entrySet()) {
            String fileName = entry.getKey();
            LegacyRow row = rows.get(fileName);
            SyncRecord record = null;
            if (row != null) {
                switch (LegacyMapping.toRecord(row)) {
                    case LegacyMapping.Mapped.Mappable(SyncRecord mapped) -> record = mapped;
                    case LegacyMapping.Mapped.Unmappable(String reason) -> {
                        store.quarantine(fileName, reason, row);
                        counters.quarantined(1);
                        continue;
                    }
                }
            }
            FileState state = states.get(fileName);
            if (state != null && Objects.equals(state.agreedHash(), record == null ? null : record.hash())) {
                continue; // both sides have it already
            }
            if (state != null && policy.concurrent(entry.getValue(), state.catalogChangedAt())) {
                SyncRecord catalogueRecord = agreedRecord(state);
                String esdt = record != null ? record.esdt() : catalogueRecord == null ? null : catalogueRecord.esdt();
                Side winner = policy.winner(esdt);
                store.conflict(fileName, esdt, winner.label(), record, catalogueRecord);
                counters.conflicts(1);
                if (winner == Side.CATALOGUE) {
                    backToLegacy.add(new CatalogState(fileName, catalogueRecord, null));
                    continue;
                }
            }
            writes.add(new Catalogue.Write(fileName, record));
            written.add(row);
            agreements.add(new Agreement(fileName, record, entry.getValue(), null));
        }
        List<Catalogue.Outcome> outcomes = writes.isEmpty() ? List.of() : catalogue.apply(ORIGIN, writes);
        List<Agreement> reached = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Catalogue.Outcome outcome = outcomes.get(i);
            if (outcome.rejected()) {
                store.quarantine(outcome.fileName(), "the catalogue refused it: " + outcome.reason(), written.get(i));
                counters.quarantined(1);
            } else {
                reached.add(agreements.get(i));
            }
        }
        store.agree(reached);
        counters.appliedToCatalogue(reached.size());
        if (!backToLegacy.isEmpty()) {
            legacy.write(backToLegacy);
        }
    }

    /** Catalogue to legacy: the changes the catalogue's feed gave, but those metadata-sync made itself. */
    public synchronized void applyCatalogue(List<Catalogue.Change> changes) throws SQLException {
        Map<String, Catalogue.Change> newest = new LinkedHashMap<>();
        for (Catalogue.Change change : changes) {
            if (!ORIGIN.equals(change.origin())) {
                // In commit order the last change of a name is its state; but within one transaction a
                // push superseding an older version of the same name may be told after the new version.
                newest.merge(change.state().fileName(), change, (older, newer) -> newer.version() >= older.version() ? newer : older);
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        Map<String, LegacyRow> rows = legacy.read(newest.keySet());
        Map<String, FileState> states = store.states(newest.keySet());
        List<CatalogState> writes = new ArrayList<>();
        List<Catalogue.Write> legacyWinners = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        for (Catalogue.Change change : newest.values()) {
            String fileName = change.state().fileName();
            SyncRecord catalogueRecord = change.state().record();
            SyncRecord legacyRecord = rows.get(fileName) == null ? null : mappedOrNull(rows.get(fileName));
            FileState state = states.get(fileName);
            if (Objects.equals(hash(legacyRecord), hash(catalogueRecord))) {
                agreements.add(new Agreement(fileName, catalogueRecord, null, change.at()));
                continue;
            }
            boolean legacyChangedSinceAgreement = state == null ? rows.containsKey(fileName)
                    : !Objects.equals(state.agreedHash(), hash(legacyRecord));
            Instant legacyChangedAt = state == null ? null : state.legacyChangedAt();
            if (legacyChangedSinceAgreement || policy.concurrent(change.at(), legacyChangedAt)) {
                String esdt = catalogueRecord != null ? catalogueRecord.esdt() : legacyRecord == null ? null : legacyRecord.esdt();
                Side winner = policy.winner(esdt);
                store.conflict(fileName, esdt, winner.label(), legacyRecord, catalogueRecord);
                counters.conflicts(1);
                if (winner == Side.LEGACY) {
                    legacyWinners.add(new Catalogue.Write(fileName, legacyRecord));
                    agreements.add(new Agreement(fileName, legacyRecord, null, change.at()));
                    continue;
                }
            }
            writes.add(change.state());
            agreements.add(new Agreement(fileName, catalogueRecord, null, change.at()));
        }
        legacy.write(writes);
        if (!legacyWinners.isEmpty()) {
            catalogue.apply(ORIGIN, legacyWinners);
        }
        store.agree(agreements);
        counters.appliedToLegacy(writes.size());
        log.debug("applied {} catalogue change(s) to the legacy database", writes.size());
    }

    private SyncRecord agreedRecord(FileState state) {
        return state.agreedRecordJson() == null ? null : store.record(state.agreedRecordJson());
    }

    private static SyncRecord mappedOrNull(LegacyRow row) {
        return LegacyMapping.toRecord(row) instanceof LegacyMapping.Mapped.Mappable(SyncRecord record) ? record : null;
    }

    private static String hash(SyncRecord record) {
        return record == null ? null : record.hash();
    }
}
