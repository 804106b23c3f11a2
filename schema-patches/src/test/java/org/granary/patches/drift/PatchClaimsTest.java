package org.granary.patches.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatchClaimsTest {
    private static final Instant APPLIED_AT = Instant.parse("2026-11-23T12:00:10Z");
    /** 0003-x.sql, applied from 12:00:00 to 12:00:10 as role postgres, in transaction 500 by server process 42. */
    private static final PatchApplication APPLICATION = new PatchApplication("0003-x.sql", APPLIED_AT, Duration.ofSeconds(10),
            "postgres", 500L, 42);

    @Test
    void believesARowOfThePatchesOwnTransaction() {
        DdlEvent event = event("0003-x.sql", "12:00:05", "postgres", 500L, 42);

        assertThat(PatchClaims.judge(event, List.of(APPLICATION)).byPatchingTool()).isTrue();
    }

    @Test
    void believesARowOfANonTransactionalPatchRunInItsSessionWhileItWasApplied() {
        DdlEvent event = event("0003-x.sql", "12:00:05", "postgres", 498L, 42);

        assertThat(PatchClaims.judge(event, List.of(APPLICATION)).byPatchingTool()).isTrue();
    }

    @Test
    void believesRowsAndLedgersOlderThanTransactionsWhenTimeAndRoleFit() {
        PatchApplication old = new PatchApplication("0003-x.sql", APPLIED_AT, Duration.ofSeconds(10), "postgres", null, null);

        assertThat(PatchClaims.judge(event("0003-x.sql", "12:00:05", "postgres", null, null), List.of(old)).byPatchingTool()).isTrue();
        assertThat(PatchClaims.judge(event("0003-x.sql", "12:05:00", "postgres", null, null), List.of(old)).byPatchingTool()).isFalse();
    }

    @Test
    void aPatchTheLedgerDoesNotHaveIsAFalseClaim() {
        DdlEvent judged = PatchClaims.judge(event("0004-y.sql", "12:00:05", "postgres", 500L, 42), List.of(APPLICATION));

        assertThat(judged.byPatchingTool()).isFalse();
        assertThat(judged.falseClaim()).startsWith("the ledger has no such patch");
    }

    @Test
    void aRowOutsideThePatchesApplicationIsAFalseClaim() {
        DdlEvent judged = PatchClaims.judge(event("0003-x.sql", "13:00:00", "postgres", 900L, 77), List.of(APPLICATION));

        assertThat(judged.falseClaim()).isEqualTo("it ran at 2026-11-23T13:00:00Z, and the patch was applied from 2026-11-23T12:00:00Z"
                + " to 2026-11-23T12:00:10Z");
        assertThat(judged.summary()).contains("at 2026-11-23T13:00:00Z, by hand: it claims patch 0003-x.sql but it ran at ");
    }

    @Test
    void aRowOfAnotherRoleOrSessionDuringThePatchIsAFalseClaim() {
        assertThat(PatchClaims.judge(event("0003-x.sql", "12:00:05", "alice", 900L, 77), List.of(APPLICATION)).falseClaim())
                .isEqualTo("it ran as role alice, and the patch was applied as role postgres");
        assertThat(PatchClaims.judge(event("0003-x.sql", "12:00:05", "postgres", 900L, 77), List.of(APPLICATION)).falseClaim())
                .isEqualTo("it ran in another session (server process 77) than the patch's (42)");
    }

    @Test
    void aRowNamingNoPatchIsLeftAsItIs() {
        DdlEvent event = event(null, "12:00:05", "alice", 900L, 77);

        assertThat(PatchClaims.judge(event, List.of(APPLICATION))).isSameAs(event);
    }

    @Test
    void readsTheRoleOutOfTheLedgersAppliedBy() {
        assertThat(PatchApplication.roleOf("dba as role postgres")).isEqualTo("postgres");
        assertThat(PatchApplication.roleOf("dba")).isNull();
    }

    private static DdlEvent event(String patch, String time, String role, Long transaction, Integer session) {
        return new DdlEvent(1, Instant.parse("2026-11-23T" + time + "Z"), role, role, "10.0.0.7", "psql", "ALTER TABLE", "table",
                "public.granule", "ALTER TABLE granule ADD COLUMN comment text", patch, transaction, session, null);
    }
}
