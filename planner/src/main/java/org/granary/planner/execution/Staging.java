package org.granary.planner.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;
import org.granary.planner.job.JobRepository.InputFile;

/**
 * Fetches a job's inputs from ingest-service into its work directory, checking each file's SHA-256
 * while it streams: a PGE never reads a wrong byte.
 */
final class Staging {
    private final IngestClient ingest;

    Staging(IngestClient ingest) {
        this.ingest = ingest;
    }

    /** The staged files by ESDT, in the order given. Throws {@link ExecutionException} (retriable) when one could not be fetched whole. */
    Map<String, List<Path>> stage(List<InputFile> inputs, Path directory) {
        Map<String, List<Path>> staged = new LinkedHashMap<>();
        for (InputFile input : inputs) {
            Path target = directory.resolve(input.fileName());
            fetch(input, target);
            staged.computeIfAbsent(input.esdt(), esdt -> new ArrayList<>()).add(target);
        }
        return staged;
    }

    private void fetch(InputFile input, Path target) {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(ingest.download(input.granuleId()), sha256);
                OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        } catch (IOException | IngestException e) {
            throw new ExecutionException("could not stage " + input.fileName() + " (granule " + input.granuleId() + "): " + e.getMessage(),
                    true, e);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(input.sha256())) {
            throw new ExecutionException("staged " + input.fileName() + " has SHA-256 " + actual + ", the catalogue says " + input.sha256(), true,
                    null);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
