package org.granary.metadatasync.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;

/**
 * A statement that looks rows up by an array of keys ({@code key = ANY (?)}) is planned for the
 * array it is given, every time. PgJDBC prepares a statement on the server once it ran a few times,
 * and PostgreSQL may then keep a generic plan made when the table was small: a sequential scan that
 * tests each row against the array one element after another. Once the table has grown that plan
 * costs rows times keys (a batch of 4,000 changes on a table of 100,000 files took 5 s instead of
 * 20 ms). Planned with the array as a constant, the lookup is an index scan or a scan that hashes
 * the array, whatever the table's size when the statement was first run.
 */
public final class KeyArrayLookup {
    private KeyArrayLookup() {
    }

    /** Makes {@code statement} planned at each execution, for the values it is given. */
    public static PreparedStatement plannedPerCall(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }
}
