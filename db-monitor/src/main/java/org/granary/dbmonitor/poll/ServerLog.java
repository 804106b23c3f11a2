package org.granary.dbmonitor.poll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where db-monitor has read a node's server log up to, and the deadlocks found after it. The log
 * is read through SQL ({@code pg_current_logfile}, {@code pg_read_file}), so it works for a
 * remote node, when the server collects its log ({@code logging_collector}) and the monitoring
 * role may read it ({@code pg_read_server_files}). It is read only when the server counted new
 * deadlocks, from where the last read ended, at most the last {@value #MAX_READ} bytes.
 */
final class ServerLog {
    static final int MAX_READ = 4 << 20;
    private static final String DEADLOCK = "ERROR:  deadlock detected";
    private static final List<String> CONTINUATIONS = List.of("DETAIL:  ", "HINT:  ", "CONTEXT:  ", "STATEMENT:  ");

    private String file;
    private long offset = -1;

    /** The log's end, so that the first read finds only what happens after db-monitor started watching. */
    void markEnd(Connection connection) {
        try {
            String current = currentFile(connection);
            if (current != null) {
                file = current;
                offset = size(connection, current);
            }
        } catch (SQLException e) {
            file = null; // not readable: said when a deadlock needs its details
        }
    }

    /** The details of each deadlock logged since the last read; one entry saying why when they cannot be read. */
    List<String> deadlocksSinceLastRead(Connection connection) {
        try {
            String current = currentFile(connection);
            if (current == null) {
                return List.of("details not available: the server does not collect its log (logging_collector is off)");
            }
            if (!current.equals(file) || offset < 0) {
                file = current;
                offset = 0; // a new log file since the last read: read it from its start
            }
            long end = size(connection, current);
            long from = Math.max(offset, end - MAX_READ);
            if (end < from) {
                from = 0; // the file was truncated
            }
            byte[] bytes = read(connection, current, from, end - from);
            int complete = lastLineEnd(bytes);
            offset = from + complete;
            // decoded leniently: a read that starts inside a character spoils that character only
            return deadlocks(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        } catch (SQLException e) {
            return List.of("details not available: the server's log cannot be read by this role (" + Poller.describe(e)
                    + "; grant pg_read_server_files)");
        }
    }

    /** Each deadlock's lines: the error and the DETAIL, HINT, CONTEXT and STATEMENT lines that follow it. */
    static List<String> deadlocks(String log) {
        List<String> found = new ArrayList<>();
        StringBuilder current = null;
        for (String line : log.split("\n", -1)) {
            if (line.contains(DEADLOCK)) {
                if (current != null) {
                    found.add(current.toString().strip());
                }
                current = new StringBuilder(line).append('\n');
            } else if (current != null && (line.startsWith("\t") || CONTINUATIONS.stream().anyMatch(line::contains))) {
                current.append(line).append('\n');
            } else if (current != null) {
                found.add(current.toString().strip());
                current = null;
            }
        }
        if (current != null) {
            found.add(current.toString().strip());
        }
        return found;
    }

    private static String currentFile(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_current_logfile('stderr')");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private static long size(Connection connection, String file) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT size FROM pg_stat_file(?)")) {
            statement.setString(1, file);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static byte[] read(Connection connection, String file, long from, long length) throws SQLException {
        if (length <= 0) {
            return new byte[0];
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_read_binary_file(?, ?, ?)")) {
            statement.setString(1, file);
            statement.setLong(2, from);
            statement.setLong(3, length);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        }
    }
}
