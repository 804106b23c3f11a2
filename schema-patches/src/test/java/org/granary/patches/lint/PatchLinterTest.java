package org.granary.patches.lint;

import java.util.List;
import org.granary.patches.Patch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PatchLinterTest {
    private static final TableStatistics STATISTICS = FixedTableStatistics.empty()
            .withTable("granule", 1_000_000, 73L * 1024 * 1024)
            .withColumn("granule", "name", "character varying(50)")
            .withColumn("granule", "orbit", "integer")
            .withColumn("granule", "price", "numeric(10,2)")
            .withTable("orbit", 500, 64 * 1024)
            .withTable("collection", 0, 8 * 1024)
            .withTable("event", 40_000, 150L * 1024 * 1024)
            .withTable("archive.\"Granule\"", 2_000_000, 200L * 1024 * 1024)
            .withTable("measurement", new TableSize(5_000_000, 1024L * 1024 * 1024, true));

    @Test
    void flagsCreateIndexWithoutConcurrentlyOnALargeTable() {
        List<Finding> findings = lint("CREATE INDEX granule_orbit_idx ON granule (orbit);");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.patchName()).isEqualTo("0007-change.sql");
            assertThat(finding.statementIndex()).isEqualTo(1);
            assertThat(finding.statementFirstLine()).isEqualTo("CREATE INDEX granule_orbit_idx ON granule (orbit)");
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_INDEX_BUILD);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("granule holds ~1,000,000 rows (73 MB)");
            assertThat(finding.saferForm())
                    .contains(Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY granule_orbit_idx ON granule (orbit);");
        });
    }

    @Test
    void flagsAUniqueIndexOnASchemaQualifiedQuotedTable() {
        List<Finding> findings = lint("create unique index if not exists granule_name_key on archive.\"Granule\" using btree (name);");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_INDEX_BUILD);
            assertThat(finding.message()).contains("archive.\"Granule\" holds ~2,000,000 rows (200 MB)");
            assertThat(finding.saferForm()).contains("create unique index CONCURRENTLY if not exists granule_name_key on archive.\"Granule\"");
        });
    }

    @Test
    void aTableOfFewRowsButManyBytesIsLarge() {
        assertThat(lint("CREATE INDEX ON event (kind);")).extracting(Finding::hazard).containsExactly(Hazard.BLOCKING_INDEX_BUILD);
    }

    @Test
    void staysQuietOnSmallEmptyAndUnknownTables() {
        assertThat(lint("""
                CREATE INDEX ON orbit (name);
                CREATE UNIQUE INDEX collection_name_key ON collection (name);
                CREATE INDEX ON not_yet_made (name);
                ALTER TABLE orbit ALTER COLUMN name TYPE bigint, ADD COLUMN token uuid DEFAULT gen_random_uuid();
                ALTER TABLE orbit ADD CONSTRAINT orbit_collection_fkey FOREIGN KEY (collection_id) REFERENCES collection (id);
                ALTER TABLE orbit ALTER COLUMN name SET NOT NULL;
                """)).isEmpty();
    }

    @Test
    void largeIsAboveConfigurableThresholds() {
        PatchLinter strict = new PatchLinter(new LintOptions(400, 1024L * 1024 * 1024, false));

        assertThat(strict.lint(patch("CREATE INDEX ON orbit (name);"), STATISTICS)).hasSize(1);
        assertThat(strict.lint(patch("CREATE INDEX ON event (kind);"), STATISTICS)).hasSize(1);
        assertThat(strict.lint(patch("CREATE INDEX ON collection (name);"), STATISTICS)).isEmpty();
    }

    @Test
    void unknownTablesCountAsLargeWhenAskedTo() {
        PatchLinter withoutDatabase = new PatchLinter(new LintOptions(100_000, 100L * 1024 * 1024, true));

        List<Finding> findings = withoutDatabase.lint(patch("CREATE INDEX ON granule (orbit);"), TableStatistics.unknown());

        assertThat(findings).singleElement().satisfies(finding ->
                assertThat(finding.message()).contains("the database has no statistics for granule"));
    }

    @Test
    void staysQuietForConcurrentlyInANonTransactionalPatch() {
        assertThat(lintNonTransactional("""
                CREATE INDEX CONCURRENTLY granule_orbit_idx ON granule (orbit);
                DROP INDEX CONCURRENTLY granule_old_idx;
                REINDEX INDEX CONCURRENTLY granule_name_idx;
                """)).isEmpty();
    }

    @Test
    void aPartitionedTableIsIndexedOnlyThenPartitionByPartition() {
        List<Finding> findings = lint("CREATE INDEX measurement_time_idx ON measurement (time);");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.message()).contains("measurement holds ~5,000,000 rows (1024 MB) over its partitions");
            assertThat(finding.saferForm()).contains("CREATE INDEX measurement_time_idx ON ONLY measurement (time);")
                    .contains("ATTACH PARTITION");
        });
        assertThat(lint("CREATE INDEX measurement_time_idx ON ONLY measurement (time);")).isEmpty();
    }

    @Test
    void flagsTransactionControlInATransactionalPatchButNotSavepoints() {
        List<Finding> findings = lint("""
                CREATE TABLE t1 (id int);
                COMMIT;
                SAVEPOINT before_t2;
                ROLLBACK TO SAVEPOINT before_t2;
                rollback;
                BEGIN;
                END;
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(2, 5, 6, 7);
        assertThat(findings).allSatisfy(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.TRANSACTION_CONTROL);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(lintNonTransactional("CREATE TABLE t1 (id int);\nCOMMIT;")).isEmpty();
    }

    @Test
    void refusesConcurrentlyInATransactionalPatchWhateverTheSize() {
        List<Finding> findings = lint("""
                CREATE INDEX CONCURRENTLY collection_name_idx ON collection (name);
                DROP INDEX CONCURRENTLY collection_old_idx;
                REINDEX (VERBOSE) TABLE CONCURRENTLY collection;
                ALTER TABLE measurement DETACH PARTITION measurement_2020 CONCURRENTLY;
                VACUUM collection;
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(1, 2, 3, 4, 5);
        assertThat(findings).allSatisfy(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.REFUSED_IN_TRANSACTION);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.saferForm()).contains(Patch.NON_TRANSACTIONAL_MARKER);
        });
    }

    @Test
    void refreshMaterializedViewConcurrentlyIsAllowedInATransaction() {
        assertThat(lint("REFRESH MATERIALIZED VIEW CONCURRENTLY granule_summary;")).isEmpty();
    }

    @Test
    void flagsATypeChangeThatRewritesTheTable() {
        List<Finding> findings = lint("ALTER TABLE granule ALTER COLUMN orbit TYPE bigint;");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.TABLE_REWRITE);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("integer to bigint is not a binary-compatible change")
                    .contains("granule holds ~1,000,000 rows (73 MB)");
            assertThat(finding.saferForm()).contains("ALTER TABLE granule ADD COLUMN orbit_new bigint;");
        });
    }

    @Test
    void staysQuietForVarcharWideningAndNumericPrecision() {
        assertThat(lint("""
                ALTER TABLE granule ALTER COLUMN name TYPE varchar(100);
                ALTER TABLE granule ALTER name SET DATA TYPE character varying;
                ALTER TABLE public.granule ALTER COLUMN name TYPE TEXT;
                ALTER TABLE granule ALTER COLUMN price TYPE numeric(12, 2);
                """)).isEmpty();
    }

    @Test
    void flagsNarrowingUnknownColumnsAndUsingClauses() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ALTER COLUMN name TYPE varchar(20);
                ALTER TABLE granule ALTER COLUMN mission TYPE text;
                ALTER TABLE granule ALTER COLUMN name TYPE text USING upper(name);
                ALTER TABLE granule ALTER COLUMN price TYPE numeric(12, 3);
                """);

        assertThat(findings).extracting(Finding::hazard).containsOnly(Hazard.TABLE_REWRITE).hasSize(4);
        assertThat(findings.get(1).message()).contains("does not know the column's current type");
        assertThat(findings.get(2).message()).contains("USING");
    }

    @Test
    void aColumnNamedTypeIsNotTakenForATypeChange() {
        List<Finding> findings = lint("ALTER TABLE granule ALTER COLUMN type SET NOT NULL, ALTER COLUMN type TYPE text;");

        assertThat(findings).extracting(Finding::hazard).containsExactly(Hazard.TABLE_REWRITE, Hazard.BLOCKING_NOT_NULL_SCAN);
    }

    @Test
    void flagsVolatileDefaultsOnANewColumn() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
                ALTER TABLE granule ADD COLUMN seen timestamptz DEFAULT clock_timestamp();
                """);

        assertThat(findings).extracting(Finding::hazard).containsExactly(Hazard.TABLE_REWRITE, Hazard.TABLE_REWRITE);
        assertThat(findings.getFirst().saferForm())
                .contains("ALTER TABLE granule ADD COLUMN token uuid;")
                .contains("ALTER TABLE granule ALTER COLUMN token SET DEFAULT gen_random_uuid();")
                .contains("UPDATE granule SET token = gen_random_uuid() WHERE token IS NULL");
    }

    @Test
    void staysQuietForConstantAndStableDefaults() {
        assertThat(lint("""
                ALTER TABLE granule ADD COLUMN created timestamptz NOT NULL DEFAULT now();
                ALTER TABLE granule ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN state text DEFAULT 'new';
                ALTER TABLE granule ADD COLUMN note text;
                """)).isEmpty();
    }

    @Test
    void flagsSerialIdentityAndStoredGeneratedColumns() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD COLUMN number bigserial;
                ALTER TABLE granule ADD COLUMN number2 bigint GENERATED ALWAYS AS IDENTITY;
                ALTER TABLE granule ADD COLUMN name_length integer GENERATED ALWAYS AS (length(name)) STORED;
                """);

        assertThat(findings).extracting(Finding::hazard).containsOnly(Hazard.TABLE_REWRITE).hasSize(3);
        assertThat(findings.getFirst().saferForm()).contains("ALTER TABLE granule ADD COLUMN number bigint;")
                .contains("CREATE SEQUENCE granule_number_seq");
    }

    @Test
    void flagsWholeTableRewritesOnLargeTablesOnly() {
        List<Finding> findings = lintNonTransactional("""
                ALTER TABLE granule SET LOGGED;
                ALTER TABLE granule SET TABLESPACE slow_disks;
                VACUUM (FULL, ANALYZE) granule;
                VACUUM FULL orbit;
                CLUSTER granule USING granule_pkey;
                CLUSTER orbit USING orbit_pkey;
                REFRESH MATERIALIZED VIEW event;
                VACUUM ANALYZE granule;
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(1, 2, 3, 5, 7);
        assertThat(findings).extracting(Finding::hazard).containsOnly(Hazard.TABLE_REWRITE);
        assertThat(findings.get(2).saferForm()).contains("pg_repack");
    }

    @Test
    void flagsForeignKeysAndChecksAddedWithoutNotValid() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD CONSTRAINT granule_orbit_fkey FOREIGN KEY (orbit_id) REFERENCES orbit (id);
                ALTER TABLE granule ADD CHECK (orbit > 0);
                """);

        assertThat(findings).extracting(Finding::hazard)
                .containsExactly(Hazard.BLOCKING_CONSTRAINT_SCAN, Hazard.BLOCKING_CONSTRAINT_SCAN);
        assertThat(findings.getFirst().message()).contains("SHARE ROW EXCLUSIVE");
        assertThat(findings.getFirst().saferForm())
                .contains("ALTER TABLE granule ADD CONSTRAINT granule_orbit_fkey FOREIGN KEY (orbit_id) REFERENCES orbit (id) NOT VALID;")
                .contains("ALTER TABLE granule VALIDATE CONSTRAINT granule_orbit_fkey;");
        assertThat(findings.get(1).message()).contains("ACCESS EXCLUSIVE");
    }

    @Test
    void staysQuietForNotValidThenValidateWhenEachCommitsOnItsOwn() {
        String notValid = "ALTER TABLE granule ADD CONSTRAINT granule_orbit_fkey FOREIGN KEY (orbit_id) REFERENCES orbit (id) NOT VALID;";
        String validate = "ALTER TABLE granule VALIDATE CONSTRAINT granule_orbit_fkey;";

        assertThat(lint(notValid)).isEmpty();
        assertThat(lint(validate)).isEmpty();
        assertThat(lintNonTransactional(notValid + "\n" + validate)).isEmpty();
    }

    @Test
    void flagsValidateInTheSameTransactionAsTheStatementThatLockedTheTable() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD CONSTRAINT granule_orbit_positive CHECK (orbit > 0) NOT VALID;
                ALTER TABLE granule VALIDATE CONSTRAINT granule_orbit_positive;
                """);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.statementIndex()).isEqualTo(2);
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_CONSTRAINT_SCAN);
            assertThat(finding.message()).contains("same transaction as statement 1");
            assertThat(finding.saferForm()).contains(Patch.NON_TRANSACTIONAL_MARKER);
        });
    }

    @Test
    void flagsPrimaryKeysAndUniqueConstraintsBuiltUnderTheLock() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD PRIMARY KEY (id);
                ALTER TABLE granule ADD CONSTRAINT granule_name_key UNIQUE (name);
                ALTER TABLE granule ADD CONSTRAINT granule_pkey PRIMARY KEY USING INDEX granule_pkey;
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(1, 2);
        assertThat(findings.getFirst().saferForm())
                .contains("CREATE UNIQUE INDEX CONCURRENTLY granule_pkey ON granule (id);")
                .contains("ALTER TABLE granule ADD CONSTRAINT granule_pkey PRIMARY KEY USING INDEX granule_pkey;");
    }

    @Test
    void flagsSetNotNullOnALargeTable() {
        List<Finding> findings = lint("ALTER TABLE granule ALTER COLUMN name SET NOT NULL;");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_NOT_NULL_SCAN);
            assertThat(finding.saferForm())
                    .contains("ALTER TABLE granule ADD CONSTRAINT granule_name_not_null CHECK (name IS NOT NULL) NOT VALID;")
                    .contains("ALTER TABLE granule VALIDATE CONSTRAINT granule_name_not_null;")
                    .contains("ALTER TABLE granule DROP CONSTRAINT granule_name_not_null;");
        });
    }

    @Test
    void staysQuietForSetNotNullAfterTheCheckRoute() {
        assertThat(lintNonTransactional("""
                ALTER TABLE granule ADD CONSTRAINT granule_name_not_null CHECK (name IS NOT NULL) NOT VALID;
                ALTER TABLE granule VALIDATE CONSTRAINT granule_name_not_null;
                ALTER TABLE granule ALTER COLUMN name SET NOT NULL;
                ALTER TABLE granule DROP CONSTRAINT granule_name_not_null;
                """)).isEmpty();
    }

    @Test
    void theCheckRouteInOneTransactionIsFlaggedAtItsValidateNotAtSetNotNull() {
        List<Finding> findings = lint("""
                ALTER TABLE granule ADD CONSTRAINT granule_name_not_null CHECK (name IS NOT NULL) NOT VALID;
                ALTER TABLE granule VALIDATE CONSTRAINT granule_name_not_null;
                ALTER TABLE granule ALTER COLUMN name SET NOT NULL;
                """);

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard)
                .containsExactly(tuple(2, Hazard.BLOCKING_CONSTRAINT_SCAN));
    }

    @Test
    void staysQuietForSetNotNullWhenTheDatabaseHasAValidatedCheck() {
        TableStatistics checked = FixedTableStatistics.empty().withTable("granule", 1_000_000, 1L << 30).withProvenNotNull("granule", "name");

        assertThat(new PatchLinter().lint(patch("ALTER TABLE granule ALTER COLUMN name SET NOT NULL;"), checked)).isEmpty();
    }

    @Test
    void refusesANotNullColumnWithoutDefaultOnATableWithRows() {
        List<Finding> findings = lint("ALTER TABLE orbit ADD COLUMN mission text NOT NULL;");

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.NOT_NULL_COLUMN_WITHOUT_DEFAULT);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("orbit holds ~500 rows (64 kB)");
            assertThat(finding.saferForm()).contains("ALTER TABLE orbit ADD COLUMN mission text NOT NULL DEFAULT <value>;");
        });
        assertThat(lint("ALTER TABLE collection ADD COLUMN mission text NOT NULL;")).isEmpty();
        assertThat(lint("ALTER TABLE orbit ADD COLUMN mission text NOT NULL DEFAULT 'unknown';")).isEmpty();
    }

    @Test
    void warnsOfDestructiveStatementsWithWhatIsAtStake() {
        List<Finding> findings = lint("""
                DROP TABLE granule;
                ALTER TABLE orbit DROP COLUMN name;
                DROP SCHEMA archive CASCADE;
                TRUNCATE orbit;
                DROP VIEW granule_summary CASCADE;
                DELETE FROM granule;
                UPDATE orbit SET name = upper(name);
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(findings).allSatisfy(finding -> {
            assertThat(finding.hazard()).isEqualTo(Hazard.DESTRUCTIVE_CHANGE);
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(findings.getFirst().message()).contains("granule holds ~1,000,000 rows (73 MB)");
        assertThat(findings.getFirst().saferForm()).contains("ALTER TABLE granule RENAME TO granule_deprecated;");
        assertThat(findings.get(2).message()).contains("every table, view and function in it");
    }

    @Test
    void aWhereInASubqueryDoesNotQualifyTheUpdate() {
        assertThat(lint("""
                DELETE FROM granule WHERE orbit = 7;
                UPDATE orbit o SET name = 'x' WHERE o.id IN (SELECT id FROM orbit WHERE name IS NULL);
                """)).isEmpty();
        assertThat(lint("UPDATE orbit SET name = (SELECT name FROM collection WHERE collection.id = 1);"))
                .extracting(Finding::hazard).containsExactly(Hazard.DESTRUCTIVE_CHANGE);
    }

    @Test
    void aTableCreatedEarlierInThePatchIsNeverLarge() {
        List<Finding> findings = lint("""
                DROP TABLE granule;
                CREATE TABLE granule (id bigint, orbit integer, name text);
                CREATE INDEX ON granule (orbit);
                ALTER TABLE granule ALTER COLUMN orbit TYPE bigint, ADD COLUMN mission text NOT NULL;
                ALTER TABLE granule ADD CONSTRAINT granule_orbit_positive CHECK (orbit > 0);
                DELETE FROM granule;
                DROP TABLE granule;
                """);

        assertThat(findings).extracting(Finding::statementIndex).containsExactly(1);
    }

    @Test
    void aRenamedTableKeepsItsSize() {
        List<Finding> findings = lint("""
                ALTER TABLE granule RENAME TO granule_old;
                CREATE INDEX ON granule_old (orbit);
                """);

        assertThat(findings).extracting(Finding::hazard).containsExactly(Hazard.BREAKING_RENAME, Hazard.BLOCKING_INDEX_BUILD);
        assertThat(findings.get(1)).satisfies(finding -> {
            assertThat(finding.statementIndex()).isEqualTo(2);
            assertThat(finding.message()).contains("granule_old holds ~1,000,000 rows");
        });
    }

    @Test
    void keywordsInCommentsLiteralsAndQuotedIdentifiersDoNotTrigger() {
        assertThat(lint("""
                -- CREATE INDEX ON granule (orbit);
                /* DROP TABLE granule; /* nested */ TRUNCATE granule; */
                COMMENT ON TABLE granule IS 'DROP TABLE granule; CREATE INDEX ON granule (orbit)';
                INSERT INTO orbit (name) VALUES ('UPDATE granule SET x = 1'), ($q$DELETE FROM granule$q$);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM granule; RETURN NEW; END $$;
                ALTER TABLE granule ADD COLUMN "not null" text, ADD COLUMN note text DEFAULT 'random()';
                ALTER TABLE granule ADD COLUMN "drop" text DEFAULT 'x' -- NOT NULL
                ;
                """)).isEmpty();
    }

    @Test
    void aFindingPointsAtTheStatementByNumberAndFirstLineOfCode() {
        Patch patch = new Patch("0042-index-orbit.sql", """
                CREATE TABLE note (id bigint);
                -- the orbit index, for the search by orbit
                CREATE INDEX
                    granule_orbit_idx ON granule (orbit);
                """);

        assertThat(new PatchLinter().lint(patch, STATISTICS)).singleElement().satisfies(finding -> {
            assertThat(finding.patchName()).isEqualTo("0042-index-orbit.sql");
            assertThat(finding.statementIndex()).isEqualTo(2);
            assertThat(finding.statementFirstLine()).isEqualTo("CREATE INDEX");
            assertThat(finding.saferForm()).contains("CREATE INDEX CONCURRENTLY granule_orbit_idx ON granule (orbit);");
        });
    }

    @Test
    void warnsThatRenamingAColumnOrATableBreaksTheRunningBuild() {
        List<Finding> findings = lint("""
                ALTER TABLE granule RENAME COLUMN orbit TO orbit_number;
                ALTER TABLE orbit RENAME name TO label;
                ALTER TABLE archive."Granule" RENAME TO granule_archive;
                ALTER TABLE granule RENAME CONSTRAINT granule_pkey TO granule_key;
                ALTER INDEX granule_orbit_idx RENAME TO granule_orbit_number_idx;
                """);

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard, Finding::severity).containsExactly(
                tuple(1, Hazard.BREAKING_RENAME, Severity.WARNING),
                tuple(2, Hazard.BREAKING_RENAME, Severity.WARNING),
                tuple(3, Hazard.BREAKING_RENAME, Severity.WARNING));
        assertThat(findings.getFirst().message()).contains("RENAME COLUMN orbit TO orbit_number of granule", "rolling deploy");
        assertThat(findings.getFirst().saferForm())
                .contains("ALTER TABLE granule ADD COLUMN orbit_number", "backfill", "drop orbit in a later one");
        assertThat(findings.get(2).saferForm()).contains("CREATE VIEW archive.\"Granule\" AS SELECT * FROM archive.granule_archive;");
    }

    @Test
    void staysQuietForRenamesOfATableCreatedInThePatch() {
        assertThat(lint("""
                CREATE TABLE note (id bigint, body text);
                ALTER TABLE note RENAME COLUMN body TO text;
                ALTER TABLE note RENAME TO remark;
                ALTER TABLE remark RENAME COLUMN text TO body;
                """)).isEmpty();
    }

    @Test
    void flagsReindexWithoutConcurrently() {
        List<Finding> findings = lintNonTransactional("""
                REINDEX TABLE granule;
                REINDEX TABLE orbit;
                REINDEX (VERBOSE) INDEX granule_orbit_idx;
                REINDEX TABLE CONCURRENTLY granule;
                REINDEX (CONCURRENTLY) INDEX granule_orbit_idx;
                REINDEX SYSTEM granary;
                """);

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard, Finding::severity).containsExactly(
                tuple(1, Hazard.BLOCKING_REINDEX, Severity.ERROR),
                tuple(3, Hazard.BLOCKING_REINDEX, Severity.WARNING),
                tuple(6, Hazard.BLOCKING_REINDEX, Severity.WARNING));
        assertThat(findings.getFirst().message()).contains("granule holds ~1,000,000 rows (73 MB)");
        assertThat(findings.getFirst().saferForm())
                .contains(Patch.NON_TRANSACTIONAL_MARKER + "\nREINDEX TABLE CONCURRENTLY granule;");
        assertThat(findings.get(1).saferForm()).contains("REINDEX (VERBOSE) INDEX CONCURRENTLY granule_orbit_idx;");
    }

    @Test
    void reindexConcurrentlyInATransactionIsReportedOnceAsRefused() {
        assertThat(lint("REINDEX TABLE CONCURRENTLY granule; REINDEX DATABASE granary;"))
                .extracting(Finding::hazard).containsExactly(Hazard.REFUSED_IN_TRANSACTION, Hazard.REFUSED_IN_TRANSACTION);
    }

    @Test
    void warnsOfLockTableHeldForTheWholePatch() {
        List<Finding> findings = lint("""
                LOCK TABLE granule;
                LOCK orbit, collection IN SHARE ROW EXCLUSIVE MODE NOWAIT;
                CREATE TABLE note (id bigint);
                LOCK TABLE note IN ACCESS EXCLUSIVE MODE;
                """);

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard, Finding::severity).containsExactly(
                tuple(1, Hazard.EXPLICIT_LOCK, Severity.WARNING),
                tuple(2, Hazard.EXPLICIT_LOCK, Severity.WARNING));
        assertThat(findings.getFirst().message())
                .contains("ACCESS EXCLUSIVE", "every read and write", "granule holds ~1,000,000 rows (73 MB)");
        assertThat(findings.get(1).message()).contains("SHARE ROW EXCLUSIVE", "orbit holds ~500 rows", "collection holds ~0 rows");
    }

    @Test
    void lockTableInANonTransactionalPatchIsAnError() {
        assertThat(lintNonTransactional("LOCK TABLE orbit IN SHARE MODE;"))
                .extracting(Finding::hazard, Finding::severity).containsExactly(tuple(Hazard.EXPLICIT_LOCK, Severity.ERROR));
    }

    @Test
    void warnsOfAnUpdateOrDeleteThatMayChangeManyRowsOfALargeTable() {
        List<Finding> findings = lint("""
                UPDATE granule SET name = lower(name) WHERE name <> lower(name);
                DELETE FROM granule WHERE orbit IN (SELECT id FROM orbit WHERE name IS NULL);
                UPDATE orbit SET name = lower(name) WHERE name IS NOT NULL;
                UPDATE granule SET name = lower(name) WHERE id BETWEEN 1 AND 50000;
                DELETE FROM granule WHERE id >= 1 AND id < 50001;
                DELETE FROM granule WHERE ctid IN (SELECT ctid FROM granule WHERE name IS NULL LIMIT 5000);
                DELETE FROM granule WHERE orbit = 7;
                UPDATE granule SET name = 'x' WHERE id IN (1, 2, 3);
                DELETE FROM granule WHERE id < 500000;
                WITH gone AS (SELECT id FROM orbit) UPDATE ONLY granule SET orbit = NULL WHERE orbit IS NOT NULL;
                """);

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard, Finding::severity).containsExactly(
                tuple(1, Hazard.LARGE_DATA_CHANGE, Severity.WARNING),
                tuple(2, Hazard.LARGE_DATA_CHANGE, Severity.WARNING),
                tuple(9, Hazard.LARGE_DATA_CHANGE, Severity.WARNING),
                tuple(10, Hazard.LARGE_DATA_CHANGE, Severity.WARNING));
        assertThat(findings.getFirst().message()).contains("UPDATE on granule", "granule holds ~1,000,000 rows (73 MB)");
        assertThat(findings.getFirst().saferForm()).contains(Patch.NON_TRANSACTIONAL_MARKER,
                "UPDATE ... WHERE name <> lower(name) AND id >= 1 AND id < 50001;", "a job outside the patches");
    }

    @Test
    void anUnqualifiedChangeIsReportedOnceAsDestructive() {
        assertThat(lint("DELETE FROM granule; UPDATE granule SET name = NULL;"))
                .extracting(Finding::hazard).containsExactly(Hazard.DESTRUCTIVE_CHANGE, Hazard.DESTRUCTIVE_CHANGE);
    }

    @Test
    void theLargeChangeThresholdIsAnOption() {
        PatchLinter lenient = new PatchLinter(new LintOptions(100_000, 100L * 1024 * 1024, false, 2_000_000));
        PatchLinter strict = new PatchLinter(new LintOptions(100_000, 100L * 1024 * 1024, false, 100));
        String update = "UPDATE orbit SET name = lower(name) WHERE name IS NOT NULL;";

        assertThat(lenient.lint(patch("UPDATE granule SET name = lower(name) WHERE name IS NOT NULL;"), STATISTICS)).isEmpty();
        assertThat(strict.lint(patch(update), STATISTICS)).extracting(Finding::hazard).containsExactly(Hazard.LARGE_DATA_CHANGE);
        assertThat(LintOptions.defaults().largeChangeRows()).isEqualTo(100_000);
    }

    private static List<Finding> lint(String sql) {
        return new PatchLinter().lint(patch(sql), STATISTICS);
    }

    private static List<Finding> lintNonTransactional(String sql) {
        return lint(Patch.NON_TRANSACTIONAL_MARKER + "\n" + sql);
    }

    private static Patch patch(String sql) {
        return new Patch("0007-change.sql", sql);
    }
}
