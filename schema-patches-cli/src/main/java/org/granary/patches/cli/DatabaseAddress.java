package org.granary.patches.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Which database a JDBC URL reaches, for telling whether {@code --db} is a database the stages
 * file names: hosts (case-insensitive) with their ports (5432 when none is written) and the
 * database name, as the PostgreSQL driver reads them. The user, password and every other
 * parameter are left out, so {@code jdbc:postgresql://DB:5432/ops?user=a} and
 * {@code jdbc:postgresql://db/ops?user=b&ssl=true} are one database. Names are compared as
 * written: {@code localhost} and {@code 127.0.0.1}, or a host and its alias, are not resolved.
 */
record DatabaseAddress(String hostsAndPorts, String database) {
    /** Empty when the driver cannot read the URL. */
    static Optional<DatabaseAddress> of(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            return Optional.empty();
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",", -1);
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",", -1);
        StringBuilder hostsAndPorts = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            String port = i < ports.length && !ports[i].isBlank() ? ports[i].strip() : "5432";
            hostsAndPorts.append(i == 0 ? "" : ",").append(hosts[i].strip().toLowerCase(Locale.ROOT)).append(':').append(port);
        }
        return Optional.of(new DatabaseAddress(hostsAndPorts.toString(), parsed.getProperty("PGDBNAME", "")));
    }

    /** Whether both URLs reach the same database; false when either cannot be read. */
    static boolean same(String jdbcUrl, String otherJdbcUrl) {
        Optional<DatabaseAddress> address = of(jdbcUrl);
        return address.isPresent() && address.equals(of(otherJdbcUrl));
    }
}
