package org.granary.ops.launcher;

import java.nio.file.Path;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One process of the platform: a service module run under an instance name (two archive-store
 * nodes are two instances of one module), on its port, with its own database.
 */
record ServiceInstance(String name, String module, int port, String database) {
    ServiceInstance {
        requireNonNull(name, "name is null");
        requireNonNull(module, "module is null");
        requireNonNull(database, "database is null");
    }

    /** {@code archive-1} becomes {@code ARCHIVE_1}, as in {@code GRANARY_ARCHIVE_1_URL}. */
    String environmentName() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The executable jar; the module's plain jar is for other modules that use its client. */
    Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }

    boolean exists(Path root) {
        return root.resolve(module).resolve("pom.xml").toFile().isFile();
    }
}
