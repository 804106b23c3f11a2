package org.granary.patches.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.patches.LedgerEntry;
import org.granary.patches.Patch;
import org.granary.patches.cli.PatchState.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PatchStatesTest {
    @TempDir
    Path folder;

    @Test
    void inStepWhenEveryListedPatchIsAppliedWithItsChecksum() {
        new PatchFiles(folder).add("0001-a.sql", "SELECT 1;").add("0002-b.sql", "SELECT 2;");

        PatchStates states = compare(applied("0001-a.sql", "SELECT 1;"), applied("0002-b.sql", "SELECT 2;"));

        assertThat(states.states()).extracting(PatchState::state).containsExactly(State.APPLIED, State.APPLIED);
        assertThat(states.states().getFirst().detail()).contains("by dba as role postgres").contains("stage testing");
        assertThat(states.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void pendingWhenListedButNotInTheLedger() {
        new PatchFiles(folder).add("0001-a.sql", "SELECT 1;").add("0002-b.sql", "SELECT 2;");

        PatchStates states = compare(applied("0001-a.sql", "SELECT 1;"));

        assertThat(states.states()).extracting(PatchState::name, PatchState::state)
                .containsExactly(tuple("0001-a.sql", State.APPLIED), tuple("0002-b.sql", State.PENDING));
        assertThat(states.exitCode()).isEqualTo(ExitCode.PENDING);
    }

    @Test
    void findsEveryKindOfInconsistency() {
        new PatchFiles(folder).write("patches_applied.txt", "0001-a.sql\n# gone\n0002-gone.sql\n0002-gone.sql\n")
                .write("0001-a.sql", "SELECT 1; -- edited").write("0004-draft.sql", "SELECT 4;").write("notes.sql", "-- not a patch");

        PatchStates states = compare(applied("0001-a.sql", "SELECT 1;"), applied("0003-elsewhere.sql", "SELECT 3;"));

        assertThat(states.states()).extracting(PatchState::name, PatchState::state).containsExactly(
                tuple("0001-a.sql", State.EDITED),
                tuple("0002-gone.sql", State.MISSING),
                tuple("0002-gone.sql", State.LISTED_TWICE),
                tuple("0003-elsewhere.sql", State.UNKNOWN),
                tuple("0004-draft.sql", State.UNLISTED),
                tuple("notes.sql", State.UNLISTED));
        assertThat(states.exitCode()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(states.blockingApply(false)).extracting(PatchState::name)
                .containsExactly("0001-a.sql", "0002-gone.sql", "0002-gone.sql", "0003-elsewhere.sql");
        assertThat(states.blockingApply(true)).extracting(PatchState::name)
                .containsExactly("0002-gone.sql", "0002-gone.sql", "0003-elsewhere.sql");
        assertThat(states.states().get(3).detail()).contains("does not list it and there is no such file");
    }

    private PatchStates compare(LedgerEntry... ledger) {
        return PatchStates.compare(PatchFolder.read(PatchFiles.COMPONENT, folder), List.of(ledger));
    }

    private static LedgerEntry applied(String name, String sql) {
        return new LedgerEntry(PatchFiles.COMPONENT, name, new Patch(name, sql).checksum(), "dba as role postgres",
                "host via 10.0.0.7", Instant.parse("2026-11-23T12:00:00Z"), Duration.ofMillis(35), false, "testing", false);
    }
}
