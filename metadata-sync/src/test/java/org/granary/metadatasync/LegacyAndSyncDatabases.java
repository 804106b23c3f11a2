package org.granary.metadatasync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh legacy database and a fresh metadata-sync database, each made by its patches, on the test server. */
public record LegacyAndSyncDatabases(String legacyUrl, String syncUrl) {
    public static LegacyAndSyncDatabases fresh(String hint) {
        String legacy = TemporaryPostgres.freshDatabase(hint + "_legacy");
        String sync = TemporaryPostgres.freshDatabase(hint + "_sync");
        ClassLoader loader = LegacyAndSyncDatabases.class.getClassLoader();
        SchemaPatcher.apply(dataSource(legacy), PatchSet.fromClasspath("legacy", "db/legacy/patches/legacy", loader),
                SchemaPatcher.Options.defaults());
        SchemaPatcher.apply(dataSource(sync), PatchSet.fromClasspath("metadata-sync", "db/patches/metadata-sync", loader),
                SchemaPatcher.Options.defaults());
        return new LegacyAndSyncDatabases(legacy, sync);
    }

    public static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    public void legacy(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(legacyUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public List<String> legacyQuery(String sql) throws SQLException {
        return query(legacyUrl, sql);
    }

    public List<String> syncQuery(String sql) throws SQLException {
        return query(syncUrl, sql);
    }

    private static List<String> query(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); var rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** Returns once the capture streams from its slot: changes made from then on are captured. */
    public void awaitCapturing(String slot) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !legacyQuery(
                "SELECT slot_name FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'").isEmpty());
    }

    /** Drops the test's slot, so that the shared test server keeps no WAL for it. */
    public void dropSlot(String slot) throws SQLException {
        org.granary.metadatasync.capture.LegacyCapture.dropSlot(legacyUrl, slot);
    }
}
