package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyIT {
    @TempDir
    Path folder;
    private PatchFiles patches;
    private TestDatabase database;

    @BeforeAll
    static void alice() throws Exception {
        TestDatabase.createRole("alice", "SUPERUSER");
    }

    @BeforeEach
    void applied() {
        database = TestDatabase.fresh("cli_verify");
        patches = new PatchFiles(folder)
                .add("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text NOT NULL);")
                .add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;\nCREATE INDEX granule_orbit ON granule (orbit);");
        Cli apply = Cli.run(Cli.args("apply", patches, database.jdbcUrl()));
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    @Test
    void findsNoDriftRightAfterApply() {
        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).startsWith("no drift: granules on jdbc:postgresql://").contains("its 2 applied patches make");
    }

    @Test
    void reportsAColumnAndAnIndexMadeByHandWithWhoMadeThemAndTheRepair() throws Exception {
        database.executeAs("alice", "ALTER TABLE granule ADD COLUMN comment text");
        database.executeAs("alice", "CREATE INDEX granule_name_idx ON granule (name)");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("DRIFT: granules on jdbc:postgresql://", "differs in 2 way(s) from what its 2 applied patches make");
        assertThat(cli.out()).containsPattern("""
                UNEXPECTED +index public\\.granule_name_idx exists in the database but no applied patch makes it
                    who:    added by role alice from 127\\.0\\.0\\.1 \\(PostgreSQL JDBC Driver\\) at \\S+: CREATE INDEX granule_name_idx ON granule \\(name\\)
                    repair: DROP INDEX CONCURRENTLY public\\.granule_name_idx;
                """);
        assertThat(cli.out()).containsPattern("""
                UNEXPECTED +column public\\.granule\\.comment exists in the database but no applied patch makes it
                    who:    added by role alice from 127\\.0\\.0\\.1 \\(PostgreSQL JDBC Driver\\) at \\S+: ALTER TABLE granule ADD COLUMN comment text
                    repair: -- this deletes the values of public\\.granule\\.comment: keep a copy if they matter
                            ALTER TABLE public\\.granule DROP COLUMN comment;
                """);

        database.execute("DROP INDEX public.granule_name_idx; ALTER TABLE public.granule DROP COLUMN comment;");
        assertThat(verify().exitCode()).as("after the repairs").isZero();
    }

    @Test
    void reportsAChangeMadeByTheToolsOwnRoleToo() throws Exception {
        database.execute("ALTER TABLE granule ALTER COLUMN orbit TYPE bigint");

        Cli cli = verify();

        assertThat(cli.exitCode()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("DIFFERENT +column public\\.granule\\.orbit differs from what the applied patches make:"
                        + " data type is bigint in the database, integer by the patches")
                .contains("who:    changed by role postgres", "repair: ALTER TABLE public.granule ALTER COLUMN orbit TYPE integer USING orbit::integer;");
    }

    @Test
    void reportsAGrantMadeByHandWithItsRevoke() throws Exception {
        TestDatabase.createRole("reader", "");
        database.execute("GRANT SELECT ON granule TO reader");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("DIFFERENT +table public\\.granule differs from what the applied patches make:"
                        + " grants is reader: SELECT in the database, none by the patches")
                .contains("repair: REVOKE ALL ON TABLE public.granule FROM reader;");

        database.execute("REVOKE ALL ON TABLE public.granule FROM reader");
        assertThat(verify().exitCode()).as("after the repair").isZero();
    }

    @Test
    void leavesPendingPatchesOutOfTheComparison() {
        patches.add("0003-add-state.sql", "ALTER TABLE granule ADD COLUMN state text;");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("(1 pending patch(es) are not part of the comparison)");
    }

    @Test
    void anEditedAppliedPatchExitsWithItsOwnCodeNotTheCodeOfDrift() {
        patches.write("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit bigint;\nCREATE INDEX granule_orbit ON granule (orbit);");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.EDITED_PATCH).isEqualTo(4).isNotEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.err()).contains("0002-add-orbit.sql was edited after it was applied",
                "cannot make the schema the applied patches make without the text that was applied");
    }

    @Test
    void anAppliedPatchWhoseFileIsGoneExitsWithTheCodeOfAnEditedPatch() throws Exception {
        Files.delete(folder.resolve("0002-add-orbit.sql"));

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.EDITED_PATCH);
        assertThat(cli.err()).contains("the ledger has 0002-add-orbit.sql applied", "but there is no such file",
                "restore the file(s) as they were applied");
    }

    @Test
    void reportsADisabledEventTriggerOfTheDdlLogWithItsRepair() throws Exception {
        database.execute("ALTER EVENT TRIGGER granary_record_ddl DISABLE");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("has exactly the schema its 2 applied patches make, but its DDL log does not record all DDL"
                + " (1 PROVENANCE problem(s)):");
        assertThat(cli.out()).containsPattern("""
                PROVENANCE +event trigger granary_record_ddl of the DDL log is disabled: DDL is not recorded
                    who:    unknown \\(not logged\\): the DDL log does not record changes to event triggers or settings
                    repair: ALTER EVENT TRIGGER granary_record_ddl ENABLE ALWAYS;
                """);

        database.execute("ALTER EVENT TRIGGER granary_record_ddl ENABLE ALWAYS");
        assertThat(verify().exitCode()).as("after the repair").isZero();
    }

    @Test
    void aDriftTheDdlLogHasNoEntryForSaysWhoIsUnknownAndWhy() throws Exception {
        database.execute("ALTER EVENT TRIGGER granary_record_ddl DISABLE");
        database.executeAs("alice", "ALTER TABLE granule ADD COLUMN comment text");
        database.execute("ALTER EVENT TRIGGER granary_record_ddl ENABLE ALWAYS");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("""
                UNEXPECTED +column public\\.granule\\.comment exists in the database but no applied patch makes it
                    who:    unknown \\(not logged\\): no DDL log entry names it; it may predate the log, or was made while the log's event triggers were disabled or gone, .*
                """);
    }

    @Test
    void attributesDdlRunUnderSessionReplicationRoleReplica() throws Exception {
        database.executeAs("alice", "SET session_replication_role = replica; ALTER TABLE granule ADD COLUMN comment text");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("who:    added by role alice from 127.0.0.1");
    }

    @Test
    void reportsDdlRunByHandUnderAPatchsNameAsSuch() throws Exception {
        database.executeAs("alice", "SET granary.patch = '0002-add-orbit.sql'; CREATE INDEX granule_name_idx ON granule (name)");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("""
                UNEXPECTED +index public\\.granule_name_idx exists in the database but no applied patch makes it
                    who:    added by role alice from 127\\.0\\.0\\.1 \\(PostgreSQL JDBC Driver\\) at \\S+, by hand: it claims patch 0002-add-orbit\\.sql but it ran .*
                """);
    }

    @Test
    void aDatabaseWithoutADdlLogSaysWhoIsUnknown() throws Exception {
        database.execute("DROP EVENT TRIGGER granary_record_ddl; DROP EVENT TRIGGER granary_record_drops; DROP TABLE granary_patches.ddl_log");
        database.executeAs("alice", "ALTER TABLE granule ADD COLUMN comment text");

        Cli cli = verify();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).doesNotContain("PROVENANCE").contains("who:    unknown (not logged): this database has no DDL log");
    }

    private Cli verify() {
        return Cli.run(Cli.args("verify", patches, database.jdbcUrl()));
    }
}
