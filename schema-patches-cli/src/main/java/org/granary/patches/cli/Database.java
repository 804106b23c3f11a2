package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.granary.patches.LedgerEntry;
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

    /** The URL with any password hidden, for output and messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
