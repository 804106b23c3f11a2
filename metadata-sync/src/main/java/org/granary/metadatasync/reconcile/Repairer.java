package org.granary.metadatasync.reconcile;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.granary.metadatasync.apply.ConflictPolicy;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.capture.LegacyChange;
import org.granary.metadatasync.catalog.Catalogue;
import org.granary.metadatasync.record.CatalogState;

import static java.util.Objects.requireNonNull;

/**
 * Repairs a report's differences through the sync's own apply path ({@link SyncApplier}), so
 * validation, versions, events and the no-echo marks are as for any change. Each file is read
 * again from both sides first: one that agrees by now is left alone. Which side is the truth:
 * <ul>
 * <li>missing on the catalogue: the legacy row is written to the catalogue;</li>
 * <li>missing on the legacy side: the catalogue's record is written to the legacy tables (a lost
 * write towards the legacy side is likelier than a legacy delete the capture missed);</li>
 * <li>different: the side that wins a conflict for the file's ESDT ({@code granary.sync.conflict-winner};
 * the legacy side by default).</li>
 * </ul>
 * A dry run says what it would do and changes nothing; an applied repair is audited file by file.
 */
public final class Repairer {
    /** The catalogue's record written to the legacy tables. */
    public static final String CATALOGUE_TO_LEGACY = "catalogue-to-legacy";
    /** The legacy row written to the catalogue. */
    public static final String LEGACY_TO_CATALOGUE = "legacy-to-catalogue";
    private static final String ORIGIN = "repair";
    private static final int BATCH = 1000;

    /** What the repair does, or did, to one file. */
    public record Action(String fileName, String kind, String action, String outcome) {
    }

    /** A repair's actions. */
    public record Plan(long reconciliationId, boolean applied, List<Action> actions) {
    }

    private final Reconciler reconciler;
    private final SyncApplier applier;
    private final ConflictPolicy policy;
    private final ReconciliationStore store;

    public Repairer(Reconciler reconciler, SyncApplier applier, ConflictPolicy policy, ReconciliationStore store) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** The repair of report {@code id}: applied when {@code apply}, else what it would do. */
    public Plan repair(long id, boolean apply, String repairedBy) throws SQLException {
        RangeFilter filter = store.filter(id).orElseThrow(() -> new java.util.NoSuchElementException("no reconciliation " + id));
        List<String> names = store.differences(id).stream().map(Report.Entry::fileName).toList();
        Map<String, Difference> now = new LinkedHashMap<>();
        reconciler.compareFiles(names, filter).forEach(difference -> now.put(difference.fileName(), difference));
        List<Action> actions = new ArrayList<>();
        List<Difference> toCatalogue = new ArrayList<>();
        List<Difference> toLegacy = new ArrayList<>();
        for (String name : names) {
            Difference difference = now.get(name);
            if (difference == null) {
                actions.add(new Action(name, null, "none", "the sides agree by now"));
            } else if (action(difference).equals(LEGACY_TO_CATALOGUE)) {
                toCatalogue.add(difference);
            } else {
                toLegacy.add(difference);
            }
        }
        if (!apply) {
            toCatalogue.forEach(difference -> actions.add(new Action(difference.fileName(), difference.kind().label(), LEGACY_TO_CATALOGUE, "dry run")));
            toLegacy.forEach(difference -> actions.add(new Action(difference.fileName(), difference.kind().label(), CATALOGUE_TO_LEGACY, "dry run")));
            return new Plan(id, false, actions);
        }
        List<Action> applied = new ArrayList<>();
        applied.addAll(toCatalogue(toCatalogue));
        applied.addAll(toLegacy(toLegacy));
        store.audit(id, repairedBy, applied.stream().map(action -> new ReconciliationStore.Audit(action.fileName(), action.kind(),
                action.action(), action.outcome())).toList());
        actions.addAll(applied);
        return new Plan(id, true, actions);
    }

    private String action(Difference difference) {
        return switch (difference.kind()) {
            case MISSING_ON_CATALOGUE -> LEGACY_TO_CATALOGUE;
            case MISSING_ON_LEGACY -> CATALOGUE_TO_LEGACY;
            case DIFFERENT -> policy.winner(esdt(difference)) == ConflictPolicy.Side.CATALOGUE ? CATALOGUE_TO_LEGACY : LEGACY_TO_CATALOGUE;
        };
    }

    private static String esdt(Difference difference) {
        SideRecord side = difference.legacy() != null && difference.legacy().record() != null ? difference.legacy() : difference.catalogue();
        return side == null || side.record() == null ? null : side.record().esdt();
    }

    private List<Action> toCatalogue(List<Difference> differences) throws SQLException {
        List<Action> actions = new ArrayList<>();
        for (List<Difference> batch : batches(differences)) {
            List<String> names = batch.stream().map(Difference::fileName).toList();
            String failure = null;
            try {
                store.forgetAgreements(names);
                Instant now = Instant.now();
                applier.applyLegacy(names.stream().map(name -> new LegacyChange(name, 0, 0, now)).toList());
            } catch (SQLException | RuntimeException e) {
                failure = "failed: " + e.getMessage();
            }
            Map<String, String> quarantined = failure == null ? store.quarantined(names) : Map.of();
            for (Difference difference : batch) {
                String reason = quarantined.get(difference.fileName());
                actions.add(new Action(difference.fileName(), difference.kind().label(), LEGACY_TO_CATALOGUE,
                        failure != null ? failure : reason != null ? "quarantined: " + reason : "applied"));
            }
        }
        return actions;
    }

    private List<Action> toLegacy(List<Difference> differences) throws SQLException {
        List<Action> actions = new ArrayList<>();
        for (List<Difference> batch : batches(differences)) {
            String failure = null;
            try {
                store.forgetAgreements(batch.stream().map(Difference::fileName).toList());
                Instant now = Instant.now();
                applier.applyCatalogue(batch.stream().map(difference -> new Catalogue.Change(0, ORIGIN, ORIGIN, now, 0,
                        catalogueState(difference), now)).toList());
            } catch (SQLException | RuntimeException e) {
                failure = "failed: " + e.getMessage();
            }
            for (Difference difference : batch) {
                actions.add(new Action(difference.fileName(), difference.kind().label(), CATALOGUE_TO_LEGACY, failure != null ? failure : "applied"));
            }
        }
        return actions;
    }

    private static CatalogState catalogueState(Difference difference) {
        SideRecord catalogue = difference.catalogue();
        return catalogue == null || catalogue.record() == null ? CatalogState.deleted(difference.fileName())
                : new CatalogState(difference.fileName(), catalogue.record(), catalogue.contentGranuleId());
    }

    private static List<List<Difference>> batches(List<Difference> differences) {
        List<List<Difference>> batches = new ArrayList<>();
        for (int i = 0; i < differences.size(); i += BATCH) {
            batches.add(differences.subList(i, Math.min(differences.size(), i + BATCH)));
        }
        return batches;
    }
}
