package org.granary.planner.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The private directories of one attempt of one job: {@code in/} with its staged inputs and
 * {@code out/} where the PGE writes its outputs, under {@code work/job-<id>-<attempt>}, and its
 * logs under {@code logs/job-<id>/}, which outlive the work directory.
 */
record Workspace(Path directory, Path inputs, Path outputs, Path stdout, Path stderr) {
    static Workspace create(Path workRoot, Path logRoot, long jobId, int attempt) {
        Path directory = workRoot.resolve("job-" + jobId + "-" + attempt);
        Path logs = logRoot.resolve("job-" + jobId);
        try {
            delete(directory);
            Files.createDirectories(directory.resolve("in"));
            Files.createDirectories(directory.resolve("out"));
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the work directory " + directory, e);
        }
        return new Workspace(directory, directory.resolve("in"), directory.resolve("out"), logs.resolve("attempt-" + attempt + ".stdout"),
                logs.resolve("attempt-" + attempt + ".stderr"));
    }

    /** The log file of an attempt, for the API. */
    static Path log(Path logRoot, long jobId, int attempt, String stream) {
        return logRoot.resolve("job-" + jobId).resolve("attempt-" + attempt + "." + stream);
    }

    void clean() {
        delete(directory);
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }
}
