package org.granary.metadatasync.legacy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of captured changes waits until their legacy transactions are visible before it reads
 * their rows: logical decoding may send a commit a moment before other sessions see it.
 */
class LegacyVisibilityIT {
    @Test
    void aTransactionInProgressIsNotVisibleAndIsOnceCommittedWhetherItsIdComesWithItsEpochOrWithout() throws Exception {
        LegacyAndSyncDatabases databases = LegacyAndSyncDatabases.fresh("visibility");
        LegacyDatabase legacy = new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "http://ingest");
        try (Connection writer = DriverManager.getConnection(databases.legacyUrl()); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.execute("INSERT INTO file_inventory (file_name, esdt_code, file_size, archive_path, status_code)"
                    + " VALUES ('A.he5', 'OMTO3.003', 1, '/archive/A.he5', 'A')");
            long withEpoch;
            try (ResultSet id = statement.executeQuery("SELECT txid_current()")) {
                id.next();
                withEpoch = id.getLong(1);
            }
            long asCaptured = withEpoch & 0xFFFF_FFFFL;

            assertThat(legacy.awaitVisible(List.of(asCaptured), Duration.ofMillis(100))).as("in progress").isFalse();
            assertThat(legacy.read(List.of("A.he5"))).isEmpty();
            writer.commit();
            assertThat(legacy.awaitVisible(List.of(asCaptured), Duration.ofSeconds(10))).as("committed, 32-bit id").isTrue();
            assertThat(legacy.awaitVisible(List.of(withEpoch), Duration.ofSeconds(10))).as("committed, with its epoch").isTrue();
            assertThat(legacy.read(List.of("A.he5"))).containsOnlyKeys("A.he5");
        }
    }
}
