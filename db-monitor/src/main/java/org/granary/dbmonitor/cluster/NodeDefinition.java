package org.granary.dbmonitor.cluster;

import java.util.regex.Pattern;

/**
 * One PostgreSQL server of a cluster, as the clusters file names it.
 *
 * @param name unique within its cluster, as operators say it ({@code ops-2})
 * @param host host name or address
 * @param port TCP port
 * @param database the database polled (the heartbeat table lives there on the primary)
 * @param user a role with {@code pg_monitor} (and, for the heartbeat, the right to write its table)
 * @param password where the password is ({@code env:NAME}, {@code file:/path}); none for trust or
 *     {@code .pgpass} authentication
 * @param role what the node is expected to be; a poll finding otherwise is reported
 */
public record NodeDefinition(String name, String host, int port, String database, String user, Credential password, NodeRole role) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public NodeDefinition {
        require(name != null && NAME.matcher(name).matches(), "a node's name is 1 to 63 letters, digits, '.', '_' or '-', was '" + name + "'");
        require(host != null && !host.isBlank() && host.length() <= 255 && host.chars().noneMatch(Character::isWhitespace),
                "node " + name + ": host is required");
        require(port >= 1 && port <= 65_535, "node " + name + ": port is 1 to 65535, was " + port);
        database = database == null ? "postgres" : database;
        require(!database.isBlank() && database.length() <= 63, "node " + name + ": database is 1 to 63 characters");
        require(user != null && !user.isBlank() && user.length() <= 63, "node " + name + ": user is required");
        require(role != null, "node " + name + ": role is primary or standby");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** What logs and answers may say about where the node is. */
    public String address() {
        return host + ":" + port + "/" + database;
    }
}
