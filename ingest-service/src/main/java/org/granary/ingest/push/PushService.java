package org.granary.ingest.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.SourceFailedException;
import org.granary.ingest.archive.ArchiveAccess;
import org.granary.ingest.delivery.Arrival;
import org.granary.ingest.delivery.AwaitedFile;
import org.granary.ingest.esdt.DuplicatePolicy;
import org.granary.ingest.esdt.Esdt;
import org.granary.ingest.esdt.EsdtRegistry;
import org.granary.ingest.esdt.ParsedFileName;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.ingest.granule.NewGranule;
import org.granary.ingest.granule.Predecessors;
import org.granary.ingest.granule.ProductIdentity;
import org.granary.ingest.pdr.ChecksumType;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The one door into the archive. A push parses the file name with the ESDT registry, receives the
 * body into the spool (in memory when small) while hashing it, checks declared checksums, applies
 * the ESDT's duplicate policy, stores the file in the archive with R copies, and records the
 * granule together with its "granule archived" event. A large push whose SHA-256 is declared
 * skips the spool: it is passed to the R archive nodes as it arrives, and they refuse it if it
 * does not match. Any failure before the record leaves nothing behind but, at worst, an
 * unreferenced archive object (content-addressed, so a retry reuses it).
 */
@Service
public class PushService {
    private static final Logger log = LoggerFactory.getLogger(PushService.class);
    private static final int RACE_ATTEMPTS = 3;
    private static final int STREAM_SLOTS = 4;

    private final EsdtRegistry registry;
    private final org.granary.ingest.delivery.DeliveryService deliveries;
    private final Spool spool;
    private final ArchiveAccess archive;
    private final GranuleRepository granules;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final long streamThresholdBytes;
    private final Duration orbitPeriod;
    private final java.util.concurrent.Semaphore streamSlots = new java.util.concurrent.Semaphore(STREAM_SLOTS);
    private final long maxFileBytes;

    PushService(EsdtRegistry registry, org.granary.ingest.delivery.DeliveryService deliveries, Spool spool, ArchiveAccess archive,
            GranuleRepository granules, MeterRegistry metrics, org.granary.ingest.IngestProperties properties) {
        this.streamThresholdBytes = properties.streamThresholdBytes();
        this.orbitPeriod = properties.orbitPeriod();
        this.maxFileBytes = properties.maxFileBytes();
        this.registry = registry;
        this.deliveries = deliveries;
        this.spool = spool;
        this.archive = archive;
        this.granules = granules;
        this.metrics = metrics;
        this.latency = metrics.timer("granary.ingest.push.latency");
    }

    /** Where a file comes from, and the times a PDR gives for level 0 files whose names carry none. */
    public record Origin(String source, String producingJob, Instant start, Instant end) {
        public static Origin of(String source) {
            return new Origin(source, null, null, null);
        }
    }

    public PushResult push(String fileName, InputStream body, long declaredLength, DeclaredChecksums declared, Origin origin) {
        long started = System.nanoTime();
        try {
            EsdtRegistry.Recognized recognized = registry.recognize(fileName);
            Arrival arrival = deliveries.arrival(identity(recognized, fileName, null), fileName);
            PushResult result;
            if (straightThrough(declared, declaredLength, arrival.awaited()) && streamSlots.tryAcquire()) {
                try {
                    result = pushStraightThrough(recognized, fileName, body, declaredLength, declared, origin, arrival);
                } finally {
                    streamSlots.release();
                }
            } else {
                result = pushSpooled(recognized, fileName, body, declaredLength, declared, origin, arrival);
            }
            count(result, recognized.esdt().shortName(), origin.source(), result.granule().sizeBytes());
            return result;
        } catch (GranaryException e) {
            metrics.counter("granary.ingest.refusals", "cause", e.errorCode().code()).increment();
            throw e;
        } finally {
            latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Whether a push goes to the archive as it arrives. The archive address is the SHA-256, so
     * that needs it declared; a declared MD5 could only be checked once the archive holds the
     * bytes, and a PDR's checksums decide the file's disposition: those pushes are spooled. So
     * are pushes beyond {@value #STREAM_SLOTS} at a time: each holds its copies' buffers in memory.
     */
    private boolean straightThrough(DeclaredChecksums declared, long declaredLength, Optional<AwaitedFile> awaited) {
        return declared.sha256() != null && declared.md5() == null && awaited.isEmpty() && declaredLength >= streamThresholdBytes;
    }

    private PushResult pushSpooled(EsdtRegistry.Recognized recognized, String fileName, InputStream body, long declaredLength,
            DeclaredChecksums declared, Origin origin, Arrival arrival) {
        Optional<AwaitedFile> awaited = arrival.awaited();
        boolean withCksum = awaited.filter(expected -> expected.checksumType() == ChecksumType.CKSUM).isPresent();
        try (ReceivedFile file = stage("spool", () -> spool.receive(body, declaredLength, withCksum))) {
            verify(fileName, file, declared);
            awaited.ifPresent(expected -> deliveries.verify(expected, file));
            Origin withTimes = awaited.map(expected -> new Origin(origin.source(), origin.producingJob(), expected.beginning(),
                    expected.ending())).orElse(origin);
            Content content = new Content(file.size(), file.sha256(), file.cksum() == ReceivedFile.NO_CKSUM ? null : file.cksum(), () -> {
                store(file, fileName, origin);
                return file.md5();
            });
            PushResult result = record(recognized, fileName, content, withTimes, arrival.predecessors());
            awaited.ifPresent(expected -> deliveries.arrived(expected, result.granule()));
            return result;
        }
    }

    private PushResult pushStraightThrough(EsdtRegistry.Recognized recognized, String fileName, InputStream body, long declaredLength,
            DeclaredChecksums declared, Origin origin, Arrival arrival) {
        Content content = new Content(declaredLength, declared.sha256(), null, () -> stage("stream", () -> stream(fileName, body, declaredLength, declared, origin)));
        return record(recognized, fileName, content, origin, arrival.predecessors());
    }

    /**
     * Passes the body to the archive nodes, which check it against its SHA-256; the MD5 computed
     * alongside. The upload breaking off is the station's doing (400); a node failing or not
     * answering is ours (503: the station retries later); either way nothing is recorded.
     */
    private String stream(String fileName, InputStream body, long declaredLength, DeclaredChecksums declared, Origin origin) {
        Spool.refuseIfTooLarge(declaredLength, maxFileBytes);
        StreamedMd5 md5 = new StreamedMd5();
        try {
            archive.client().putOnce(declared.sha256(), body, declaredLength, archiveCause(fileName, origin), md5);
        } catch (SourceFailedException e) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "the upload of " + fileName + " broke off after " + e.bytesRead()
                    + " of its declared " + declaredLength + " bytes; nothing was kept", Map.of(), e);
        } catch (ArchiveException e) {
            if (e.status() == 422) {
                throw new GranaryException(ErrorCode.CONTENT_MISMATCH, fileName + ": the content does not match the declared SHA-256 "
                        + declared.sha256() + "; nothing was kept", Map.of("declared", declared.sha256()), e);
            }
            throw archiveUnavailable(fileName, e);
        }
        if (md5.size() != declaredLength) {
            // The nodes received exactly the declared length and checked it against the SHA-256: a bug, not a bad upload.
            throw new IllegalStateException("the archive accepted " + fileName + " as " + declaredLength + " bytes but "
                    + md5.size() + " were hashed");
        }
        return md5.md5();
    }

    /**
     * What a push brings to the catalogue: its size and SHA-256, known before it is archived, and
     * the step that archives it, which gives the MD5 (a streamed push knows it only then). The
     * POSIX cksum is kept when the push computed it (a PDR declared it), else null.
     */
    private record Content(long size, String sha256, Long cksum, java.util.function.Supplier<String> archive) {
    }

    /** Times one stage of a push ({@code granary.ingest.push.stage}), so operators see where latency goes. */
    private <T> T stage(String name, java.util.function.Supplier<T> work) {
        return metrics.timer("granary.ingest.push.stage", "stage", name).record(work);
    }

    private static void verify(String fileName, ReceivedFile file, DeclaredChecksums declared) {
        if (declared.md5() != null && !declared.md5().equals(file.md5())) {
            throw mismatch(fileName, "MD5", declared.md5(), file.md5());
        }
        if (declared.sha256() != null && !declared.sha256().equals(file.sha256())) {
            throw mismatch(fileName, "SHA-256", declared.sha256(), file.sha256());
        }
    }

    private static GranaryException mismatch(String fileName, String algorithm, String declared, String actual) {
        return new GranaryException(ErrorCode.CONTENT_MISMATCH, fileName + ": the declared " + algorithm + " is " + declared
                + " but the content's is " + actual + "; nothing was kept", Map.of("declared", declared, "actual", actual), null);
    }

    /**
     * Catalogues a push on its product's identity (see {@link ProductIdentity}): the same content
     * as the file already catalogued, or as the product's newest version, is a repeat (200 with
     * that granule); other content is handled by the ESDT's duplicate policy. {@code known}, read
     * as the push began, saves a round trip when it was read for this identity (a level 0 file
     * whose PDR gives its start has another identity than its name alone); when a concurrent push
     * committed meanwhile, the insert finds that version taken and the next attempt reads the
     * catalogue again.
     */
    private PushResult record(EsdtRegistry.Recognized recognized, String fileName, Content content, Origin origin, Predecessors known) {
        Esdt esdt = recognized.esdt();
        ParsedFileName parsed = recognized.parsed();
        Instant start = parsed.start() != null ? parsed.start() : origin.start();
        ProductIdentity product = identity(recognized, fileName, start);
        Predecessors predecessors = product.equals(identity(recognized, fileName, null)) ? known : null;
        String md5 = null;
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            if (predecessors == null) {
                predecessors = granules.predecessors(product, fileName);
            }
            Optional<Granule> repeated = predecessors.repeatedBy(content.sha256());
            if (repeated.isPresent()) {
                return new PushResult(repeated.get(), false);
            }
            int version = 1;
            if (predecessors.newestOfProduct().isPresent()) {
                Granule existing = predecessors.newestOfProduct().get();
                switch (esdt.duplicatePolicy()) {
                    case REJECT -> throw new GranaryException(ErrorCode.CONFLICT, fileName + ": product " + product + " exists with other "
                            + "content (" + existing.fileName() + ", SHA-256 " + existing.sha256() + ", granule " + existing.id() + ") and "
                            + esdt.shortName() + " rejects duplicates");
                    case SKIP -> {
                        return new PushResult(existing, false);
                    }
                    case REPLACE, NEW_VERSION -> version = existing.version() + 1;
                }
            }
            if (md5 == null) {
                md5 = stage("archive", content.archive());
            }
            NewGranule candidate = new NewGranule(esdt.shortName(), parsed.collection(), fileName, version, start,
                    parsed.start() != null ? esdt.end(parsed, orbitPeriod) : origin.end(), parsed.orbit(), parsed.part(),
                    parsed.productionTime(), content.size(), content.sha256(), md5, content.cksum(), origin.source(), origin.producingJob());
            boolean supersede = esdt.duplicatePolicy() == DuplicatePolicy.REPLACE;
            Optional<Granule> inserted = stage("catalogue", () -> granules.insertWithEvent(candidate, supersede));
            if (inserted.isPresent()) {
                return new PushResult(inserted.get(), true);
            }
            predecessors = null; // another push of this product committed first; look again at what it made
        }
        throw new GranaryException(ErrorCode.CONFLICT, fileName + ": product " + product + " is being pushed concurrently with other "
                + "content; retry");
    }

    /** The product a file is, with the start a PDR gives when its name gives none (null: none known). */
    private static ProductIdentity identity(EsdtRegistry.Recognized recognized, String fileName, Instant start) {
        ParsedFileName parsed = recognized.parsed();
        return ProductIdentity.of(recognized.esdt().shortName(), parsed.collection(), parsed.orbit(),
                parsed.start() != null ? parsed.start() : start, parsed.part(), fileName);
    }

    /** What the archive's audit log says of a push: the file and who pushed it (the station's token label). */
    private static String archiveCause(String fileName, Origin origin) {
        return "ingest of " + fileName + " (pushed by " + origin.source() + ")";
    }

    private void store(ReceivedFile file, String fileName, Origin origin) {
        try {
            archive.client().put(file.sha256(), file.content(), archiveCause(fileName, origin));
        } catch (ArchiveException e) {
            throw archiveUnavailable(fileName, e);
        }
    }

    /**
     * The archive failing is a dependency failing, whatever it answered: the content was checked
     * here or by the nodes, so a refusal (a token the nodes do not take, say) is ours to fix, not
     * the station's.
     */
    private static GranaryException archiveUnavailable(String fileName, ArchiveException e) {
        return new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the archive cannot store " + fileName + " now (" + e.getMessage()
                + "); nothing was recorded, push again later", Map.of(), e);
    }

    private void count(PushResult result, String esdt, String source, long bytes) {
        if (result.created()) {
            metrics.counter("granary.ingest.files", "esdt", esdt, "source", source).increment();
            metrics.counter("granary.ingest.bytes", "esdt", esdt, "source", source).increment((double) bytes);
            log.info("archived {} ({} bytes) from {} as granule {}", result.granule().fileName(), bytes, source, result.granule().id());
        }
    }
}
