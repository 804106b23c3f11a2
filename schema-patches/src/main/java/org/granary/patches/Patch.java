package org.granary.patches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One patch file. A patch runs in one transaction unless one of its lines is the marker
 * {@value #NON_TRANSACTIONAL_MARKER}, for statements PostgreSQL refuses inside a transaction such
 * as {@code CREATE INDEX CONCURRENTLY}. The marker must be a line of its own, so that a comment
 * that merely mentions it (as the template of a new patch does) leaves the patch transactional.
 */
public record Patch(String name, String sql) {
    public static final String NON_TRANSACTIONAL_MARKER = "-- patch: non-transactional";

    public Patch {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        if (!name.matches("\\d{4}-[a-z0-9][a-z0-9-]*\\.sql")) {
            throw new IllegalArgumentException("patch name must look like 0001-create-granule-table.sql: " + name);
        }
    }

    /** SHA-256 of the file's bytes, hex: any edit, even of whitespace, changes it. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public boolean transactional() {
        return sql.lines().map(String::strip).noneMatch(NON_TRANSACTIONAL_MARKER::equals);
    }

    public List<String> statements() {
        return SqlStatements.split(sql);
    }
}
