package org.granary.archive.object;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.granary.archive.volume.Volumes;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Reads that never serve a bad byte whole. Each block is checked against its CRC32C before it
 * is sent; a whole-object read also hashes everything with SHA-256 and holds its last block back
 * until the hash matches the name. A copy found corrupt before the answer started is answered
 * 404 (the client reads another node); found later, the answer is cut off before its end, so the
 * client sees a broken transfer, never a complete wrong file. Either way the copy is quarantined
 * at once and {@link CorruptCopyFound} announced, so that it is repaired from a good copy.
 */
@Service
public class ObjectReads {
    private static final Logger log = LoggerFactory.getLogger(ObjectReads.class);

    private final ObjectStore store;
    private final StoredObjects objects;
    private final ApplicationEventPublisher events;
    /** Hashing beside reading: a virtual thread per block, run one after the other for each read (see {@link PipelinedSha256}). */
    private final Executor hashing = Executors.newVirtualThreadPerTaskExecutor();

    ObjectReads(ObjectStore store, StoredObjects objects, ApplicationEventPublisher events) {
        this.store = store;
        this.objects = objects;
        this.events = events;
    }

    /** Bytes {@code first} to {@code last} of an object, both included. */
    public record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** What a verification of this node's copy found, for a peer that is about to rely on it. */
    public record Verification(String checksum, String verdict, long sizeBytes, String sha256) {
        public static final String GOOD = "good";
        public static final String CORRUPT = "corrupt";
        public static final String MISSING = "missing";
    }

    /**
     * Sends the object, or the span of it, to {@code response}: headers first (status 200 or
     * 206), then the verified bytes.
     */
    public void serve(String checksum, Optional<Span> span, HttpServletResponse response, Map<String, String> headers) throws IOException {
        Volumes.Located located = store.read(checksum);
        try (VerifiedCopy copy = open(checksum, located)) {
            if (span.isPresent()) {
                sendSpan(copy, span.get(), response, headers);
            } else {
                sendWhole(copy, checksum, response, headers);
            }
        } catch (CorruptCopyException corrupt) {
            quarantine(located, corrupt, "read");
            if (!response.isCommitted()) {
                response.reset();
                throw new GranaryException(ErrorCode.NOT_FOUND, corrupt.getMessage() + "; it is quarantined and being repaired from "
                        + "another node: read the object from another node");
            }
            throw corrupt;
        }
    }

    /** Reads this node's copy whole and checks it against its name and block checksums; a corrupt copy is quarantined. */
    public Verification verify(String checksum) {
        ObjectStore.requireChecksum(checksum);
        Optional<Volumes.Located> located = store.find(checksum);
        if (located.isEmpty()) {
            return new Verification(checksum, Verification.MISSING, 0, null);
        }
        try (VerifiedCopy copy = open(checksum, located.get())) {
            String actual = hashWhole(copy);
            if (!actual.equals(checksum)) {
                throw new CorruptCopyException(checksum, "its content hashes to " + actual);
            }
            objects.markVerified(checksum);
            return new Verification(checksum, Verification.GOOD, copy.size(), actual);
        } catch (CorruptCopyException corrupt) {
            quarantine(located.get(), corrupt, "verification");
            return new Verification(checksum, Verification.CORRUPT, located.get().size(), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the copy of " + checksum, e);
        }
    }

    /** Opens the copy with its block checksums; a copy recorded without them is verified whole first, and they are kept. */
    private VerifiedCopy open(String checksum, Volumes.Located located) throws IOException {
        Optional<BlockChecksums> known = objects.blockChecksums(checksum);
        BlockChecksums blocks = known.isPresent() ? known.get() : computeBlocks(checksum, located);
        if (!blocks.fits(located.size())) {
            throw new CorruptCopyException(checksum, "the file has " + located.size() + " bytes; it was written with "
                    + blocks.blocks() + " blocks of a MiB");
        }
        return new VerifiedCopy(checksum, located, blocks);
    }

    private BlockChecksums computeBlocks(String checksum, Volumes.Located located) throws IOException {
        MessageDigest sha256 = PipelinedSha256.sha256();
        BlockChecksums.Builder blocks = new BlockChecksums.Builder(located.size());
        byte[] buffer = new byte[BlockChecksums.BLOCK_BYTES];
        try (InputStream in = Files.newInputStream(located.path())) {
            for (int read; (read = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                sha256.update(buffer, 0, read);
                blocks.update(buffer, 0, read);
            }
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(checksum)) {
            throw new CorruptCopyException(checksum, "its content hashes to " + actual);
        }
        BlockChecksums computed = blocks.build();
        objects.storeBlockChecksums(checksum, computed);
        return computed;
    }

    /**
     * Sends every block as soon as its CRC32C matched, hashing the whole beside it; the last
     * block goes only when the hash matches the name.
     */
    private void sendWhole(VerifiedCopy copy, String checksum, HttpServletResponse response, Map<String, String> headers)
            throws IOException {
        PipelinedSha256 sha256 = new PipelinedSha256(hashing, copy.blockLength(0));
        int blocks = (int) BlockChecksums.blocksOf(copy.size());
        OutputStream out = null;
        byte[] last = new byte[0];
        int lastLength = 0;
        for (int index = 0; index < blocks; index++) {
            byte[] buffer = sha256.nextBuffer();
            int length = copy.read(index, buffer);
            sha256.update(length);
            if (out == null) {
                start(response, HttpServletResponse.SC_OK, copy.size(), headers);
                out = response.getOutputStream();
            }
            if (index < blocks - 1) {
                out.write(buffer, 0, length);
            } else {
                last = buffer;
                lastLength = length;
            }
        }
        String actual = sha256.hex();
        if (!actual.equals(checksum)) {
            throw new CorruptCopyException(checksum, "its content hashes to " + actual);
        }
        if (out == null) {
            start(response, HttpServletResponse.SC_OK, copy.size(), headers);
            out = response.getOutputStream();
        }
        out.write(last, 0, lastLength);
    }

    /** Reads every block, each checked against its CRC32C, and returns the SHA-256 of them all. */
    private String hashWhole(VerifiedCopy copy) throws IOException {
        PipelinedSha256 sha256 = new PipelinedSha256(hashing, copy.blockLength(0));
        int blocks = (int) BlockChecksums.blocksOf(copy.size());
        for (int index = 0; index < blocks; index++) {
            sha256.update(copy.read(index, sha256.nextBuffer()));
        }
        return sha256.hex();
    }

    private static void sendSpan(VerifiedCopy copy, Span span, HttpServletResponse response, Map<String, String> headers) throws IOException {
        byte[] buffer = new byte[copy.blockLength(0)];
        OutputStream out = null;
        for (int index = VerifiedCopy.blockOf(span.first()); index <= VerifiedCopy.blockOf(span.last()); index++) {
            int length = copy.read(index, buffer);
            if (out == null) {
                response.setHeader("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + copy.size());
                start(response, HttpServletResponse.SC_PARTIAL_CONTENT, span.length(), headers);
                out = response.getOutputStream();
            }
            long blockStart = (long) index * BlockChecksums.BLOCK_BYTES;
            int from = (int) (Math.max(span.first(), blockStart) - blockStart);
            int to = (int) (Math.min(span.last(), blockStart + length - 1) - blockStart);
            out.write(buffer, from, to - from + 1);
        }
    }

    private static void start(HttpServletResponse response, int status, long length, Map<String, String> headers) {
        response.setStatus(status);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(length);
        headers.forEach(response::setHeader);
    }

    private void quarantine(Volumes.Located located, CorruptCopyException corrupt, String by) {
        log.error("{}: found by a {}", corrupt.getMessage(), by);
        Instant writtenAt = objects.find(corrupt.checksum()).map(StoredObject::writtenAt).orElse(Instant.EPOCH);
        try {
            store.quarantine(located, corrupt.checksum(), by + ": " + corrupt.getMessage());
        } catch (RuntimeException e) {
            log.error("cannot quarantine the corrupt copy of {}: {}", corrupt.checksum(), e.getMessage());
        }
        events.publishEvent(new CorruptCopyFound(corrupt.checksum(), located.volume().name(), writtenAt, by + ": " + corrupt.getMessage()));
    }
}
