package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Service jars unpacked with Spring Boot's {@code -Djarmode=tools extract}, so that the JVM's
 * class-data sharing can work: each instance records the classes it loads into an archive when it
 * stops ({@code -XX:+AutoCreateSharedArchive}), and maps them back in on its next start, which
 * then starts markedly faster. A rebuilt jar is unpacked again and its archive recreated.
 */
final class RunnableJars {
    private final PlatformSettings settings;

    RunnableJars(PlatformSettings settings) {
        this.settings = settings;
    }

    /** The jar to run for a service, unpacked anew when the built jar is newer. */
    Path prepare(ServiceInstance service) throws IOException, InterruptedException {
        Path built = service.jar(settings.root());
        if (!Files.isRegularFile(built)) {
            throw new IOException("no " + built + ": build first (ops/granary builds what is missing unless GRANARY_SKIP_BUILD=1)");
        }
        Path folder = settings.home().resolve("jars").resolve(service.module());
        Path unpacked = folder.resolve(built.getFileName());
        if (Files.isRegularFile(unpacked) && !Files.getLastModifiedTime(built).toInstant().isAfter(Files.getLastModifiedTime(unpacked).toInstant())) {
            return unpacked;
        }
        Files.createDirectories(folder.getParent());
        Process extract = new ProcessBuilder(List.of(java(), "-Djarmode=tools", "-jar", built.toString(),
                "extract", "--force", "--destination", folder.toString()))
                .redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            throw new IOException("cannot unpack " + built + ": " + output);
        }
        Files.setLastModifiedTime(unpacked, Files.getLastModifiedTime(built));
        return unpacked;
    }

    /** JVM options that record and reuse the class-data archive of one instance. */
    List<String> classDataSharingOptions(ServiceInstance service) throws IOException {
        Path archives = settings.home().resolve("cds");
        Files.createDirectories(archives);
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archives.resolve(service.name() + ".jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
