package org.granary.planner.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.granary.ingest.client.DeclaredChecksums;
import org.granary.ingest.client.Granule;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;

/**
 * Pushes what a run left in its output directory to ingest-service, each file naming the job that
 * made it. A retried job names its outputs as the first attempt did (its production time does not
 * change), so a push repeated after a crash is answered with the granule made the first time.
 */
final class OutputPush {
    private final IngestClient ingest;

    OutputPush(IngestClient ingest) {
        this.ingest = ingest;
    }

    /** The outputs as catalogued; throws {@link ExecutionException} saying what went wrong. */
    List<Granule> push(long jobId, Path outputs, List<String> declaredEsdts) {
        List<Path> files = files(outputs);
        if (files.isEmpty()) {
            throw new ExecutionException("the PGE exited with 0 but wrote nothing into its output directory", false, null);
        }
        List<Granule> catalogued = new ArrayList<>();
        for (Path file : files) {
            Granule granule;
            try {
                granule = ingest.pushProduct(file.getFileName().toString(), file, DeclaredChecksums.none(), String.valueOf(jobId)).granule();
            } catch (IngestException e) {
                throw new ExecutionException("ingest refused output " + file.getFileName() + ": " + e.getMessage(), e.retriable(), e);
            }
            if (!declaredEsdts.contains(granule.esdt())) {
                throw new ExecutionException("output " + file.getFileName() + " is an " + granule.esdt() + " granule, which the PGE does not declare "
                        + "(it makes " + declaredEsdts + ")", false, null);
            }
            catalogued.add(granule);
        }
        return catalogued;
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ExecutionException("could not list the outputs in " + directory + ": " + e.getMessage(), false, e);
        }
    }
}
