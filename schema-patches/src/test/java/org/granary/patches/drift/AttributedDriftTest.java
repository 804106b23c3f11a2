package org.granary.patches.drift;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.patches.drift.Drift.Kind.DIFFERENT;
import static org.granary.patches.drift.Drift.Kind.MISSING;
import static org.granary.patches.drift.Drift.Kind.PROVENANCE;
import static org.granary.patches.drift.Drift.Kind.UNEXPECTED;

class AttributedDriftTest {
    private static final Drift COMMENT_ADDED = drift(UNEXPECTED, "column", "public.granule.comment", "public.granule");
    private static final Drift ORBIT_CHANGED = drift(DIFFERENT, "column", "public.granule.orbit", "public.granule");
    private static final Drift INDEX_ADDED = drift(UNEXPECTED, "index", "public.granule_name_idx", "public.granule");
    private static final Drift CHECK_DROPPED = drift(MISSING, "constraint", "size_is_positive on public.granule", "public.granule");
    private static final Drift QUOTED_COLUMN = drift(UNEXPECTED, "column", "public.granule.\"Odd \"\"Name\"\"\"", "public.granule");

    @Test
    void attributesATableEventToTheColumnItsStatementMentionsOnly() {
        DdlEvent addComment = event(1, "table", "public.granule", "ALTER TABLE granule ADD COLUMN comment text");
        DdlEvent alterOrbit = event(2, "table", "public.granule", "ALTER TABLE granule ALTER COLUMN orbit TYPE bigint");

        List<AttributedDrift> attributed = AttributedDrift.attribute(List.of(COMMENT_ADDED, ORBIT_CHANGED), List.of(addComment, alterOrbit));

        assertThat(attributed.get(0).events()).containsExactly(addComment);
        assertThat(attributed.get(1).events()).containsExactly(alterOrbit);
    }

    @Test
    void attributesEventsNamingTheObjectItselfWhateverTheStatement() {
        DdlEvent createIndex = event(1, "index", "public.granule_name_idx", "create index on granule (name)");
        DdlEvent dropCheck = event(2, "table constraint", "size_is_positive on public.granule", "ALTER TABLE granule DROP CONSTRAINT size_is_positive");
        DdlEvent otherTable = event(3, "table", "public.orbit", "ALTER TABLE orbit ADD COLUMN comment text");

        List<AttributedDrift> attributed = AttributedDrift.attribute(List.of(INDEX_ADDED, CHECK_DROPPED, COMMENT_ADDED),
                List.of(createIndex, dropCheck, otherTable));

        assertThat(attributed).extracting(AttributedDrift::events)
                .containsExactly(List.of(createIndex), List.of(dropCheck), List.of());
    }

    @Test
    void findsTheLocalNameOfEachKindOfObjectUnquoted() {
        assertThat(AttributedDrift.localName(COMMENT_ADDED)).isEqualTo("comment");
        assertThat(AttributedDrift.localName(INDEX_ADDED)).isEqualTo("granule_name_idx");
        assertThat(AttributedDrift.localName(CHECK_DROPPED)).isEqualTo("size_is_positive");
        assertThat(AttributedDrift.localName(QUOTED_COLUMN)).isEqualTo("Odd \"Name\"");
    }

    @Test
    void aMentionIsAWholeWordNotPartOfAnotherName() {
        DdlEvent addComments = event(1, "table", "public.granule", "ALTER TABLE granule ADD COLUMN comments text");

        assertThat(AttributedDrift.touches(addComments, COMMENT_ADDED)).isFalse();
    }

    @Test
    void explainsInOneLineWhoDidWhatWhenAndFromWhere() {
        DdlEvent event = new DdlEvent(1, Instant.parse("2026-11-23T12:00:00Z"), "alice", "alice", "10.0.0.7", "",
                "ALTER TABLE", "table", "public.granule", "ALTER TABLE granule\n    ADD COLUMN comment text", null);

        AttributedDrift attributed = new AttributedDrift(COMMENT_ADDED, List.of(event));

        assertThat(attributed.explanation())
                .isEqualTo("added by role alice from 10.0.0.7 at 2026-11-23T12:00:00Z: ALTER TABLE granule ADD COLUMN comment text");
    }

    @Test
    void aDriftTheLogHasNoEntryForSaysWhoIsUnknownAndWhyItMayNotBeLogged() {
        assertThat(new AttributedDrift(COMMENT_ADDED, List.of()).explanation())
                .startsWith("unknown (not logged): no DDL log entry names it; it may predate the log, or was made while the log's"
                        + " event triggers were disabled or gone")
                .contains("session_replication_role = replica", "event_triggers = off");
        Drift disabled = new Drift(PROVENANCE, "event trigger", "granary_record_ddl", null, "disabled", "ALTER EVENT TRIGGER ...");
        assertThat(new AttributedDrift(disabled, List.of()).explanation()).startsWith("unknown (not logged): ");
    }

    @Test
    void explainsAFalsePatchClaimAsDdlRunByHand() {
        DdlEvent event = new DdlEvent(1, Instant.parse("2026-11-23T12:00:00Z"), "alice", "alice", "10.0.0.7", "psql",
                "ALTER TABLE", "table", "public.granule", "ALTER TABLE granule ADD COLUMN comment text", "0003-x.sql", 900L, 77, null)
                .withFalseClaim("the ledger has no such patch");

        AttributedDrift attributed = AttributedDrift.attribute(List.of(COMMENT_ADDED), List.of(event)).getFirst();

        assertThat(event.byPatchingTool()).isFalse();
        assertThat(attributed.explanation()).isEqualTo("added by role alice from 10.0.0.7 (psql) at 2026-11-23T12:00:00Z, by hand:"
                + " it claims patch 0003-x.sql but the ledger has no such patch: ALTER TABLE granule ADD COLUMN comment text");
    }

    @Test
    void shortensLongStatementsInTheExplanation() {
        String script = "ALTER TABLE granule ADD COLUMN comment text; " + "SELECT 1; ".repeat(100);

        String summary = event(1, "table", "public.granule", script).summary();

        assertThat(summary).endsWith("...").hasSizeLessThan(300);
    }

    private static Drift drift(Drift.Kind kind, String type, String name, String table) {
        return new Drift(kind, type, name, table, type + " " + name, "-- repair");
    }

    private static DdlEvent event(long id, String type, String identity, String statement) {
        return new DdlEvent(id, Instant.EPOCH.plusSeconds(id), "alice", "alice", "127.0.0.1", "psql", "ALTER TABLE",
                type, identity, statement, null);
    }
}
