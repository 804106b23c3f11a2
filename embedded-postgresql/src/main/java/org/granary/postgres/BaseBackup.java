package org.granary.postgres;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;

/**
 * A base backup of a running cluster, made with PostgreSQL's low-level API ("Making a Base Backup
 * Using the Low Level API" in its documentation): {@code pg_backup_start}, a copy of the data
 * folder while the server runs, {@code pg_backup_stop}, whose label file makes the copy
 * consistent when WAL is replayed over it. We do this rather than run {@code pg_basebackup}
 * because the zonky binaries do not include it, and a distribution's older one refuses a newer
 * server.
 */
final class BaseBackup {
    /** Folders whose contents the server rebuilds at start, or that a copy must not inherit (WAL, slots): the folders are kept, empty. */
    private static final Set<String> CONTENTS_OMITTED = Set.of(
            "pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
    /** Files of the running server itself, or of a backup or recovery of its own, at the top of the data folder. */
    private static final Set<String> TOP_FILES_OMITTED = Set.of(
            "postmaster.pid", "postmaster.opts", "postgresql.auto.conf.tmp", "backup_label", "backup_label.old",
            "tablespace_map", "backup_manifest", "standby.signal", "recovery.signal");
    /** Rebuilt wherever they are found: relation cache files and temporary files. */
    private static final String RELATION_CACHE = "pg_internal.init";
    private static final String TEMPORARY_PREFIX = "pgsql_tmp";

    private BaseBackup() {
    }

    /**
     * Copies the data folder of {@code server} into {@code target}, an empty folder, as a base
     * backup with its {@code backup_label} (and {@code tablespace_map} when there is one). Start
     * and stop must happen in one session: PostgreSQL ends a backup whose session closes.
     */
    static void copy(PostgresServer server, String label, Path target) throws IOException, SQLException {
        try (Connection session = DriverManager.getConnection(server.jdbcUrl("postgres"))) {
            try (var start = session.prepareStatement("SELECT pg_backup_start(?, fast := true)")) {
                start.setString(1, label);
                start.execute();
            }
            copyTree(server.dataDirectory(), target);
            try (var stop = session.createStatement();
                    var result = stop.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(wait_for_archive := false)")) {
                result.next();
                Files.writeString(target.resolve("backup_label"), result.getString("labelfile"));
                String tablespaceMap = result.getString("spcmapfile");
                if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), tablespaceMap);
                }
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(directory);
                if (relative.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path copy = target.resolve(relative.toString());
                Files.createDirectories(copy);
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(directory));
                return CONTENTS_OMITTED.contains(relative.toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(file);
                if (!omitted(relative)) {
                    try {
                        Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException dropped) {
                        // Removed while we copied (a dropped table, a finished temporary file): replaying WAL removes it anyway.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                return skipIfGone(failure);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                return failure == null ? FileVisitResult.CONTINUE : skipIfGone(failure);
            }
        });
    }

    private static boolean omitted(Path relative) {
        String name = relative.getFileName().toString();
        return (relative.getNameCount() == 1 && TOP_FILES_OMITTED.contains(name))
                || name.equals(RELATION_CACHE)
                || name.startsWith(TEMPORARY_PREFIX);
    }

    private static FileVisitResult skipIfGone(IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw failure;
    }
}
