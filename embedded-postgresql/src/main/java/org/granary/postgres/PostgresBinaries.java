package org.granary.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL executables, unpacked once from the zonky archive on the classpath into a cache
 * folder. Unpacking goes to a temporary folder that is renamed into place, so a crash never leaves
 * a half-unpacked installation that later runs would trust.
 */
public final class PostgresBinaries {
    private static final String ARCHIVE_RESOURCE = "/postgres-linux-x86_64.txz";

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** Unpacks the binaries under {@code cache} unless an earlier run already did. */
    public static PostgresBinaries unpackInto(Path cache) {
        Path home = cache.resolve("postgresql-" + bundledVersion());
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return new PostgresBinaries(home);
        }
        try {
            Files.createDirectories(cache);
            Path staging = Files.createTempDirectory(cache, ".unpacking-");
            untar(staging);
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // Another process unpacked the same version at the same time: theirs is as good as ours.
                deleteRecursively(staging);
                if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                    throw alreadyThere;
                }
            }
            return new PostgresBinaries(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries into " + cache, e);
        }
    }

    /** The version of the bundled binaries, as the zonky artifact names it (e.g. {@code 17.6.0}). */
    public static String bundledVersion() {
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("binaries.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("binaries.properties is missing from embedded-postgresql", e);
        }
    }

    public Path home() {
        return home;
    }

    public Path executable(String name) {
        return home.resolve("bin").resolve(name);
    }

    private static void untar(Path target) throws IOException {
        Process tar = new ProcessBuilder(List.of("tar", "-xJf", "-", "-C", target.toString()))
                .redirectErrorStream(true)
                .start();
        try (InputStream archive = PostgresBinaries.class.getResourceAsStream(ARCHIVE_RESOURCE)) {
            if (archive == null) {
                throw new IOException("no " + ARCHIVE_RESOURCE + " on the classpath: is the zonky binaries jar missing?");
            }
            try (var stdin = tar.getOutputStream()) {
                archive.transferTo(stdin);
            }
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed unpacking PostgreSQL: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking PostgreSQL", e);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
