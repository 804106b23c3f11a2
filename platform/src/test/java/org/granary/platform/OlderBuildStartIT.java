package org.granary.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.sample.SampleApplication;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rolling deploy: the database was patched by a newer build (or the DBA), and this build, which
 * lists fewer patches, restarts against it.
 */
class OlderBuildStartIT {
    @TempDir
    Path home;

    @Test
    void anOlderBuildStartsAgainstADatabaseWithPatchesItDoesNotKnow() {
        String url = databasePatchedByANewerBuild("older_build_starts", "ALTER TABLE note ADD COLUMN colour text;");

        try (ConfigurableApplicationContext service = start(url)) {
            assertThat(service.isActive()).isTrue();
        }
    }

    @Test
    void anOlderBuildDoesNotStartAgainstAPatchItDoesNotKnowThatBreaksOlderBuilds() {
        String url = databasePatchedByANewerBuild("older_build_refused",
                "-- patch: breaks-older-builds\nALTER TABLE note RENAME TO old_note;\nCREATE TABLE note (id bigint);");

        assertThatThrownBy(() -> start(url).close())
                .hasStackTraceContaining("the database has patch 0099-newer.sql of notes")
                .hasStackTraceContaining("marked as breaking older builds");
    }

    private ConfigurableApplicationContext start(String url) {
        return GranaryApplication.run(SampleApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--granary.database.component=notes",
                "--granary.auth.admin-token-file=" + home.resolve("secrets/admin-token"),
                "--logging.structured.format.console=");
    }

    /** This build's patches of notes, and one more it does not have, applied as the newer build would. */
    private static String databasePatchedByANewerBuild(String hint, String newerPatch) {
        String url = TemporaryPostgres.freshDatabase(hint);
        PatchSet thisBuild = PatchSet.fromClasspath("notes", "db/patches/notes", OlderBuildStartIT.class.getClassLoader());
        List<Patch> newer = new ArrayList<>(thisBuild.patches());
        newer.add(new Patch("0099-newer.sql", newerPatch));
        try (HikariDataSource database = new HikariDataSource()) {
            database.setJdbcUrl(url);
            SchemaPatcher.apply(database, new PatchSet("notes", newer), SchemaPatcher.Options.defaults());
        }
        return url;
    }
}
