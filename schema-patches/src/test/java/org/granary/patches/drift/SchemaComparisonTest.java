package org.granary.patches.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.View;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.granary.patches.drift.Drift.Kind.DIFFERENT;
import static org.granary.patches.drift.Drift.Kind.MISSING;
import static org.granary.patches.drift.Drift.Kind.UNEXPECTED;

/** Comparisons of snapshots written by hand: what is reported, in which order, with which repair. */
class SchemaComparisonTest {
    private static final Schema PUBLIC = new Schema("public");
    private static final Table GRANULE = new Table("public.granule", "table", false, null, null, null);
    private static final Column ID = new Column("public.granule", "id", "bigint", null, true, null, "ALWAYS", null);
    private static final Column NAME = new Column("public.granule", "name", "text", null, true, null, null, null);
    private static final Constraint PRIMARY_KEY = new Constraint("public.granule", "granule_pkey", "primary key", "PRIMARY KEY (id)");
    private static final Index NAME_INDEX = new Index("public.granule_name", "public.granule",
            "CREATE INDEX granule_name ON public.granule USING btree (name)", true);

    @Test
    void equalSnapshotsHaveNoDriftWhateverOrderTheObjectsWereGivenIn() {
        var expected = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, NAME, PRIMARY_KEY, NAME_INDEX));
        var actual = new CatalogSnapshot(List.of(NAME_INDEX, NAME, PRIMARY_KEY, ID, GRANULE, PUBLIC), Map.of("Column public.granule.id", 7L));

        assertThat(actual).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(SchemaComparison.compare(expected, actual)).isEmpty();
    }

    @Test
    void anIndexOnATableThatExistsIsRepairedConcurrentlyAsTheTableMayBeLargeAndLive() {
        Index orbitIndex = new Index("public.granule_orbit", "public.granule",
                "CREATE UNIQUE INDEX granule_orbit ON public.granule USING btree (orbit)", true);
        var expected = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, NAME, NAME_INDEX));
        var actual = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, NAME, orbitIndex));

        assertThat(SchemaComparison.compare(expected, actual)).extracting(Drift::kind, Drift::repairDdl).containsExactly(
                tuple(UNEXPECTED, "DROP INDEX CONCURRENTLY public.granule_orbit;"),
                tuple(MISSING, "CREATE INDEX CONCURRENTLY granule_name ON public.granule USING btree (name);"));
    }

    @Test
    void aMissingTableIsOneDriftMadeWithColumnsInTheirOrderKeysAndIndexesButForeignKeysAndTriggersApart() {
        Table orbit = new Table("public.orbit", "table", false, null, null, null);
        Constraint foreignKey = new Constraint("public.granule", "granule_orbit_fkey", "foreign key",
                "FOREIGN KEY (orbit) REFERENCES public.orbit(number)");
        Trigger trigger = new Trigger("public.granule", "granule_touch", "CREATE TRIGGER granule_touch ...", "enabled");
        Column orbitColumn = new Column("public.granule", "orbit", "integer", null, false, null, null, null);
        var expected = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, NAME, orbitColumn, PRIMARY_KEY, NAME_INDEX, orbit,
                foreignKey, trigger), Map.of("Column public.granule.id", 1L, "Column public.granule.orbit", 2L,
                "Column public.granule.name", 3L));
        var actual = new CatalogSnapshot(List.of(PUBLIC, orbit));

        List<Drift> drifts = SchemaComparison.compare(expected, actual);

        assertThat(drifts).extracting(Drift::kind, Drift::objectType, Drift::name).containsExactly(
                tuple(MISSING, "table", "public.granule"),
                tuple(MISSING, "constraint", "granule_orbit_fkey on public.granule"),
                tuple(MISSING, "trigger", "granule_touch on public.granule"));
        assertThat(drifts.getFirst().repairDdl()).isEqualTo("""
                CREATE TABLE public.granule (
                    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                    orbit integer,
                    name text NOT NULL
                );
                ALTER TABLE public.granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);
                CREATE INDEX granule_name ON public.granule USING btree (name);""");
    }

    @Test
    void partitionsOfATablePartitionedAtRunTimeAreNoDriftButThoseOfATableWithPatchedPartitionsAre() {
        Table sample = new Table("public.sample", "partitioned table", false, "RANGE (at)", null, null);
        Table sampleToday = new Table("public.sample_20261206", "table", false, null, "public.sample",
                "FOR VALUES FROM ('2026-12-06 00:00:00+00') TO ('2026-12-07 00:00:00+00')");
        Table log = new Table("public.log", "partitioned table", false, "RANGE (at)", null, null);
        Table log2026 = new Table("public.log_2026", "table", false, null, "public.log", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
        Table log2027 = new Table("public.log_2027", "table", false, null, "public.log", "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')");
        var expected = new CatalogSnapshot(List.of(PUBLIC, sample, log, log2026));
        var actual = new CatalogSnapshot(List.of(PUBLIC, sample, sampleToday, log, log2026, log2027));

        List<Drift> drifts = SchemaComparison.compare(expected, actual);

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(UNEXPECTED);
            assertThat(drift.name()).isEqualTo("public.log_2027");
        });
    }

    @Test
    void anUnexpectedTableIsOneDriftThatDropsItsPartitionsAndSequencesWithIt() {
        Table log = new Table("public.log", "partitioned table", false, "RANGE (at)", null, null);
        Table log2026 = new Table("public.log_2026", "table", false, null, "public.log", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
        Sequence serial = new Sequence("public.log_id_seq", "integer", 1, 1, 1, Integer.MAX_VALUE, 1, false, "public.log.id");
        Column logId = new Column("public.log", "id", "integer", null, true, "nextval('public.log_id_seq'::regclass)", null, null);
        var expected = new CatalogSnapshot(List.of(PUBLIC));
        var actual = new CatalogSnapshot(List.of(PUBLIC, log, log2026, serial, logId,
                new Trigger("public.log", "log_touch", "CREATE TRIGGER log_touch ...", "enabled")));

        List<Drift> drifts = SchemaComparison.compare(expected, actual);

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(UNEXPECTED);
            assertThat(drift.name()).isEqualTo("public.log");
            assertThat(drift.repairDdl()).isEqualTo("-- this deletes the rows of public.log: keep a copy if they matter\nDROP TABLE public.log;");
        });
    }

    @Test
    void listsDropsFirstDependentsBeforeWhatTheyDependOnThenChangesThenMissingObjectsInTheOrderTheyWereMade() {
        Routine sizeClass = new Routine("public.size_class(bigint)", "function", false, "CREATE OR REPLACE FUNCTION public.size_class...");
        Routine total = new Routine("public.total()", "function", true, "CREATE OR REPLACE FUNCTION public.total...");
        View summary = new View("public.summary", false, " SELECT public.total() AS total;");
        View large = new View("public.large", false, " SELECT public.size_class(1) AS size;");
        Schema extra = new Schema("extra");
        Table extraTable = new Table("extra.notes", "table", false, null, null, null);
        Column changedName = new Column("public.granule", "name", "character varying(100)", null, true, null, null, null);
        var expected = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, NAME, sizeClass, total, summary),
                Map.of("Table public.granule", 10L, "Routine public.total()", 20L, "View public.summary", 30L,
                        "Routine public.size_class(bigint)", 40L));
        var actual = new CatalogSnapshot(List.of(PUBLIC, GRANULE, ID, changedName, extra, extraTable, large),
                Map.of("Table extra.notes", 50L, "View public.large", 60L));

        List<Drift> drifts = SchemaComparison.compare(expected, actual);

        assertThat(drifts).extracting(Drift::kind, Drift::name).containsExactly(
                tuple(UNEXPECTED, "public.large"),
                tuple(UNEXPECTED, "extra.notes"),
                tuple(UNEXPECTED, "extra"),
                tuple(DIFFERENT, "public.granule.name"),
                tuple(MISSING, "public.total()"),
                tuple(MISSING, "public.summary"),
                tuple(MISSING, "public.size_class(bigint)"));
    }

    @Test
    void changesAColumnInAnOrderPostgresqlAccepts() {
        Column expected = new Column("public.granule", "state", "integer", null, true, "0", "BY DEFAULT", null);
        Column actual = new Column("public.granule", "state", "text", "pg_catalog.\"C\"", false, "'new'::text", null, null);

        assertThat(Alterations.alter(expected, actual)).isEqualTo("""
                ALTER TABLE public.granule ALTER COLUMN state DROP DEFAULT;
                ALTER TABLE public.granule ALTER COLUMN state TYPE integer USING state::integer;
                ALTER TABLE public.granule ALTER COLUMN state ADD GENERATED BY DEFAULT AS IDENTITY;
                ALTER TABLE public.granule ALTER COLUMN state SET DEFAULT 0;
                ALTER TABLE public.granule ALTER COLUMN state SET NOT NULL;""");
        assertThat(SchemaComparison.differences(expected, actual)).containsExactly(
                "data type is text in the database, integer by the patches",
                "collation is pg_catalog.\"C\" in the database, none by the patches",
                "not null is false in the database, true by the patches",
                "default expression is 'new'::text in the database, 0 by the patches",
                "identity generation is none in the database, BY DEFAULT by the patches");
    }

    @Test
    void validatesAConstraintLeftNotValidAndRebuildsAnIndexLeftInvalid() {
        Constraint check = new Constraint("public.granule", "size_is_positive", "check", "CHECK ((size >= 0))");
        Constraint notValid = new Constraint("public.granule", "size_is_positive", "check", "CHECK ((size >= 0)) NOT VALID");
        Index invalid = new Index(NAME_INDEX.name(), NAME_INDEX.table(), NAME_INDEX.definition(), false);

        assertThat(Alterations.alter(check, notValid)).isEqualTo("ALTER TABLE public.granule VALIDATE CONSTRAINT size_is_positive;");
        assertThat(Alterations.alter(NAME_INDEX, invalid)).isEqualTo("REINDEX INDEX CONCURRENTLY public.granule_name;");
    }

    @Test
    void aMissingIndexOfAPartitionedTableIsMadeOnItsPartitionsToo() {
        Index partitioned = new Index("public.log_at", "public.log", "CREATE INDEX log_at ON ONLY public.log USING btree (at)", true);

        assertThat(Ddl.create(partitioned, null)).isEqualTo("CREATE INDEX log_at ON public.log USING btree (at);");
    }

    @Test
    void aSnapshotRefusesTwoObjectsOfOneKindWithOneName() {
        List<CatalogObject> objects = new ArrayList<>(List.of(PUBLIC, PUBLIC));
        Map<String, Long> none = new HashMap<>();

        assertThatThrownBy(() -> new CatalogSnapshot(objects, none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two schemas named public");
    }
}
