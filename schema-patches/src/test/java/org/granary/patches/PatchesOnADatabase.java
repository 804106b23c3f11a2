package org.granary.patches;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.granary.postgres.TemporaryPostgres;

/** A fresh database and a folder of patches of the component {@code granules}, for tests that apply them. */
final class PatchesOnADatabase implements AutoCloseable {
    static final String COMPONENT = "granules";
    final HikariDataSource database = new HikariDataSource();
    private final Path folder;

    PatchesOnADatabase(Path folder, String databasePrefix) {
        this.folder = folder;
        database.setJdbcUrl(TemporaryPostgres.freshDatabase(databasePrefix));
        database.setMaximumPoolSize(8);
    }

    ApplyResult apply() {
        return SchemaPatcher.apply(database, patchSet(), options());
    }

    static SchemaPatcher.Options options() {
        return new SchemaPatcher.Options(Duration.ofSeconds(5), Duration.ofMinutes(1), "tester", "test-host");
    }

    PatchSet patchSet() {
        return PatchSet.fromDirectory(COMPONENT, folder);
    }

    void write(String name, String sql) throws Exception {
        Files.writeString(folder.resolve(name), sql);
    }

    void index(String... names) throws Exception {
        Files.writeString(folder.resolve(PatchSet.INDEX_FILE), "# applied in this order\n" + String.join("\n", names) + "\n");
    }

    List<LedgerEntry> ledger() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return Ledger.read(connection, COMPONENT);
        }
    }

    List<PartialPatch> partial() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return PartialPatches.read(connection, COMPONENT);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    List<String> query(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); var rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
