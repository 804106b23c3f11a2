package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs work in a transaction of its own on a caller's connection, leaving the connection as it
 * was. It refuses a connection that is not in auto-commit mode: committing or rolling back there
 * would end the caller's transaction.
 */
final class Transactions {
    interface Work<T> {
        T run() throws SQLException;
    }

    private Transactions() {
    }

    /** Repeatable read and read only: every query sees the same moment; always rolled back. */
    static <T> T readOnly(Connection connection, Work<T> work) throws SQLException {
        requireAutoCommit(connection);
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** Commits when the work returns, rolls back when it throws. */
    static <T> T readWrite(Connection connection, Work<T> work) throws SQLException {
        requireAutoCommit(connection);
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void requireAutoCommit(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the connection must be in auto-commit mode: this runs in a transaction of its own");
        }
    }
}
