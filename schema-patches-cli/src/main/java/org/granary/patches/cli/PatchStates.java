package org.granary.patches.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.patches.LedgerEntry;
import org.granary.patches.PartialPatch;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;
import org.granary.patches.cli.PatchState.State;

/**
 * The three-way comparison of a component's patch files, its {@code patches_applied.txt} and a
 * database's ledger: listed patches in their order first, then what the ledger has that the index
 * does not list, then files nobody listed.
 */
record PatchStates(List<PatchState> states) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    PatchStates {
        states = List.copyOf(states);
    }

    static PatchStates compare(PatchFolder folder, List<LedgerEntry> ledger) {
        return compare(folder, ledger, List.of(), Set.of());
    }

    /**
     * As {@link #compare(PatchFolder, List)}, saying of the patches that were begun and did not
     * finish how far they got, and of each of {@code baselined} that a baseline recorded it, not a run.
     */
    static PatchStates compare(PatchFolder folder, List<LedgerEntry> ledger, List<PartialPatch> begun, Set<String> baselined) {
        Map<String, PartialPatch> partial = begun.stream().collect(Collectors.toMap(PartialPatch::patchName, Function.identity()));
        Map<String, LedgerEntry> applied = ledger.stream().collect(Collectors.toMap(LedgerEntry::patchName, Function.identity()));
        List<PatchState> states = new ArrayList<>();
        List<String> twice = folder.listedTwice();
        for (String name : new LinkedHashSet<>(folder.listed())) {
            states.add(listed(name, folder.patch(name), applied.get(name), partial.get(name), baselined.contains(name)));
            if (twice.contains(name)) {
                states.add(new PatchState(name, State.LISTED_TWICE, PatchSet.INDEX_FILE + " lists it more than once: keep the first"));
            }
        }
        for (LedgerEntry entry : ledger) {
            if (!folder.listed().contains(entry.patchName())) {
                states.add(new PatchState(entry.patchName(), State.UNKNOWN, "applied here " + appliedBy(entry) + ", but "
                        + PatchSet.INDEX_FILE + " does not list it" + (folder.files().containsKey(entry.patchName())
                                ? " (the file is there)" : " and there is no such file") + ": is this checkout older than the database?"));
            }
        }
        for (String name : folder.unlisted()) {
            if (!applied.containsKey(name)) {
                states.add(new PatchState(name, State.UNLISTED, PatchFolder.isPatchName(name)
                        ? "file present, but " + PatchSet.INDEX_FILE + " does not list it: add it there, or remove it"
                        : "not a patch name (NNNN-lowercase-words.sql, or R-lowercase-words.sql for a repeatable one), and not listed in " + PatchSet.INDEX_FILE));
            }
        }
        return new PatchStates(states);
    }

    private static PatchState listed(String name, Optional<Patch> file, LedgerEntry entry, PartialPatch begun, boolean baselined) {
        if (file.isEmpty()) {
            String where = entry == null ? "" : " (applied here " + appliedBy(entry) + ")";
            return new PatchState(name, State.MISSING, PatchFolder.isPatchName(name)
                    ? "listed in " + PatchSet.INDEX_FILE + ", but there is no such file" + where
                    : "listed in " + PatchSet.INDEX_FILE + ", but not a patch name (NNNN-lowercase-words.sql, or R-lowercase-words.sql for a repeatable one)" + where);
        }
        if (entry == null) {
            return new PatchState(name, State.PENDING, begun == null ? "" : "begun " + WHEN.format(begun.startedAt().truncatedTo(ChronoUnit.SECONDS))
                    + " by " + begun.startedBy() + ": " + begun.describe() + "; apply resumes at statement " + (begun.statementsDone() + 1));
        }
        if (file.get().repeatable() && !entry.checksum().equals(file.get().checksum())) {
            return new PatchState(name, State.PENDING, "repeatable, changed since it was applied " + appliedBy(entry)
                    + ": apply runs it again (unless this version is an older one the database replaced)");
        }
        if (!entry.checksum().equals(file.get().checksum())) {
            return new PatchState(name, State.EDITED, "edited after it was applied " + appliedBy(entry) + ": ledger checksum "
                    + abbreviated(entry.checksum()) + ", file " + abbreviated(file.get().checksum())
                    + "; restore the applied text from git and write a new patch for the change");
        }
        return new PatchState(name, State.APPLIED, baselined
                ? "baselined " + appliedBy(entry) + " (recorded, not run: the database had its schema)" : appliedBy(entry));
    }

    /** {@code at 2026-11-23 12:00:01Z by dba as role postgres from host via 10.0.0.7, stage testing, 35 ms}. */
    static String appliedBy(LedgerEntry entry) {
        return "at " + WHEN.format(entry.appliedAt().truncatedTo(ChronoUnit.SECONDS)) + " by " + entry.appliedBy()
                + " from " + entry.appliedFrom() + (entry.stage() == null ? "" : ", stage " + entry.stage())
                + (entry.driftAllowed() ? ", drift allowed" : "");
    }

    static String abbreviated(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) + "…" : checksum;
    }

    List<PatchState> inState(State state) {
        return states.stream().filter(patch -> patch.state() == state).toList();
    }

    List<PatchState> inconsistencies() {
        return states.stream().filter(patch -> patch.state().inconsistent()).toList();
    }

    /** What stops apply: every inconsistency but a file nobody listed, and an edited patch only unless drift is allowed. */
    List<PatchState> blockingApply(boolean driftAllowed) {
        return states.stream().filter(patch -> patch.state().blocksApply() && !(driftAllowed && patch.state() == State.EDITED)).toList();
    }

    int exitCode() {
        if (!inconsistencies().isEmpty()) {
            return ExitCode.INCONSISTENT;
        }
        return inState(State.PENDING).isEmpty() ? ExitCode.OK : ExitCode.PENDING;
    }

    /** One aligned row per patch: name, state, detail. */
    Columns table() {
        Columns columns = new Columns();
        states.forEach(patch -> columns.row(patch.name(), patch.state().label(), patch.detail()));
        return columns;
    }
}
