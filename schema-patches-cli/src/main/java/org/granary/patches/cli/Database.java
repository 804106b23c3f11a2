package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.granary.patches.Baseline;
import org.granary.patches.LedgerEntry;
import org.granary.patches.PartialPatch;
import org.granary.patches.PartialPatches;
import org.granary.patches.Ledger;
import org.postgresql.ds.PGSimpleDataSource;

/** Connections to a target database, and its URL as it may be printed. */
final class Database {
    private Database() {
    }

    static Connection connect(String jdbcUrl) {
        try {
            return DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            throw CommandFailure.failed("cannot connect to " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    static PGSimpleDataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return dataSource;
    }

    /** The ledger's entries for one component, oldest first. */
    static List<LedgerEntry> ledger(String jdbcUrl, String component) throws SQLException {
        try (Connection connection = connect(jdbcUrl)) {
            return Ledger.read(connection, component);
        }
    }

    /** The non-transactional patches of one component that were begun and did not finish. */
    static List<PartialPatch> partial(String jdbcUrl, String component) throws SQLException {
        try (Connection connection = connect(jdbcUrl)) {
            return PartialPatches.read(connection, component);
        }
    }

    /** The names of the component's ledger rows that a baseline recorded. */
    static Set<String> baselined(String jdbcUrl, String component) throws SQLException {
        try (Connection connection = connect(jdbcUrl)) {
            return Baseline.baselined(connection, component);
        }
    }

    /** The URL with any password hidden, for output and messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
