package org.granary.patches;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A non-transactional patch that fails half-way is resumed by the next apply, not refused nor run twice. */
class ResumablePatchIT {
    @TempDir
    Path folder;
    private PatchesOnADatabase patches;

    @BeforeEach
    void freshDatabase() throws Exception {
        patches = new PatchesOnADatabase(folder, "resumable_patch");
        patches.write("0001-table.sql", "CREATE TABLE granule (id bigint, orbit int);");
    }

    @AfterEach
    void close() {
        patches.close();
    }

    @Test
    void aStatementErrorLeavesTheCompletedStatementsRecordedAndTheNextApplyResumesAfterThem() throws Exception {
        patches.write("0002-more.sql", Patch.NON_TRANSACTIONAL_MARKER + """

                CREATE TABLE t1 (id int);
                CREATE INDEX CONCURRENTLY t1_id ON t1 (id);
                CREATE TABLE t2 (id intx);
                CREATE TABLE t3 (id int);""");
        patches.index("0001-table.sql", "0002-more.sql");

        assertThatThrownBy(patches::apply).isInstanceOf(PatchException.class)
                .hasMessageContaining("failed at statement 3 of 4")
                .hasMessageContaining("its first 2 statement(s) stay applied")
                .hasMessageContaining("it resumes at statement 3");
        assertThat(patches.partial()).singleElement().satisfies(partial -> {
            assertThat(partial.patchName()).isEqualTo("0002-more.sql");
            assertThat(partial.statementsDone()).isEqualTo(2);
            assertThat(partial.failedStatement()).isEqualTo(3);
            assertThat(partial.failure()).contains("intx");
        });
        assertThat(patches.ledger()).extracting(LedgerEntry::patchName).containsExactly("0001-table.sql");

        // the DBA fixes the statement that failed; the ones before it are applied and stay as they were
        patches.write("0002-more.sql", Patch.NON_TRANSACTIONAL_MARKER + """

                CREATE TABLE t1 (id int);
                CREATE INDEX CONCURRENTLY t1_id ON t1 (id);
                CREATE TABLE t2 (id int);
                CREATE TABLE t3 (id int);""");
        ApplyResult resumed = patches.apply();

        assertThat(resumed.applied()).containsExactly("0002-more.sql");
        assertThat(patches.query("SELECT count(*) FROM pg_class WHERE relname IN ('t1', 't2', 't3', 't1_id')")).containsExactly("4");
        assertThat(patches.ledger()).extracting(LedgerEntry::patchName).containsExactly("0001-table.sql", "0002-more.sql");
        assertThat(patches.partial()).isEmpty();
    }

    @Test
    void anIndexBuildThatFailedLeavesAnInvalidIndexWhichTheNextApplyDropsAndBuildsAgain() throws Exception {
        patches.write("0002-unique-orbit.sql", Patch.NON_TRANSACTIONAL_MARKER
                + "\nCREATE UNIQUE INDEX CONCURRENTLY granule_orbit ON granule (orbit);\nCREATE TABLE after_index (id int);");
        patches.index("0001-table.sql");
        patches.apply();
        patches.execute("INSERT INTO granule VALUES (1, 7), (2, 7)");
        patches.index("0001-table.sql", "0002-unique-orbit.sql");

        assertThatThrownBy(patches::apply).isInstanceOf(PatchException.class)
                .hasMessageContaining("failed at statement 1 of 2")
                .hasMessageContaining("left the INVALID index public.granule_orbit");
        assertThat(patches.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'granule_orbit'::regclass"))
                .containsExactly("false");

        patches.execute("DELETE FROM granule WHERE id = 2");
        patches.apply();

        assertThat(patches.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'granule_orbit'::regclass"))
                .as("dropped and built again, valid this time").containsExactly("true");
        assertThat(patches.query("SELECT to_regclass('after_index')::text")).containsExactly("after_index");
        assertThat(patches.partial()).isEmpty();
    }

    @Test
    void aResumeIsRefusedWhenTheStatementsThatCompletedWereEdited() throws Exception {
        patches.write("0002-more.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE TABLE t1 (id int);\nCREATE TABLE t2 (id intx);");
        patches.index("0001-table.sql", "0002-more.sql");
        assertThatThrownBy(patches::apply).isInstanceOf(PatchException.class);

        patches.write("0002-more.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE TABLE t1 (id bigint);\nCREATE TABLE t2 (id int);");

        assertThatThrownBy(patches::apply).isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("its first 1 statement(s), which are applied, were edited since");
        assertThat(patches.query("SELECT to_regclass('t2')::text")).containsOnlyNulls();
        assertThat(patches.partial()).singleElement().extracting(PartialPatch::statementsDone).isEqualTo(1);
    }

    @Test
    void aPatchThatCompletesLeavesNoProgressBehind() throws Exception {
        patches.write("0002-index.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);");
        patches.index("0001-table.sql", "0002-index.sql");

        patches.apply();

        assertThat(patches.partial()).isEmpty();
        assertThat(patches.ledger()).hasSize(2);
    }

    @Test
    void findsTheIndexAStatementBuildsConcurrently() {
        assertThat(LeftoverIndex.builtConcurrently("-- why\ncreate unique index concurrently if not exists \"Odd\" on t (x)"))
                .contains("\"Odd\"");
        assertThat(LeftoverIndex.builtConcurrently("CREATE INDEX CONCURRENTLY archive.by_orbit ON archive.granule (orbit)"))
                .contains("archive.by_orbit");
        assertThat(LeftoverIndex.builtConcurrently("CREATE INDEX CONCURRENTLY ON granule (orbit)")).isEmpty();
        assertThat(LeftoverIndex.builtConcurrently("CREATE INDEX by_orbit ON granule (orbit)")).isEmpty();
    }
}
