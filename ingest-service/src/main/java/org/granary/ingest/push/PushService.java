package org.granary.ingest.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ContentSource;
import org.granary.ingest.archive.ArchiveAccess;
import org.granary.ingest.esdt.DuplicatePolicy;
import org.granary.ingest.esdt.Esdt;
import org.granary.ingest.esdt.EsdtRegistry;
import org.granary.ingest.esdt.ParsedFileName;
import org.granary.ingest.granule.Granule;
import org.granary.ingest.granule.GranuleRepository;
import org.granary.ingest.granule.NewGranule;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one door into the archive. A push parses the file name with the ESDT registry, streams the
 * body into the spool while hashing it, checks declared checksums, applies the ESDT's duplicate
 * policy, stores the file in the archive with R copies, and records the granule together with its
 * "granule archived" event. Any failure before the record leaves nothing behind but, at worst, an
 * unreferenced archive object (content-addressed, so a retry reuses it).
 */
@Service
public class PushService {
    private static final Logger log = LoggerFactory.getLogger(PushService.class);
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final int RACE_ATTEMPTS = 3;

    private final EsdtRegistry registry;
    private final org.granary.ingest.delivery.DeliveryService deliveries;
    private final Spool spool;
    private final ArchiveAccess archive;
    private final GranuleRepository granules;
    private final MeterRegistry metrics;
    private final Timer latency;

    PushService(EsdtRegistry registry, org.granary.ingest.delivery.DeliveryService deliveries, Spool spool, ArchiveAccess archive, GranuleRepository granules, MeterRegistry metrics) {
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
            Esdt esdt = recognized.esdt();
            ParsedFileName parsed = recognized.parsed();
            try (SpooledFile file = stage("spool", () -> spool.receive(body, declaredLength))) {
                verify(fileName, file, declared);
                Optional<org.granary.ingest.delivery.AwaitedFile> awaited = deliveries.awaited(fileName);
                awaited.ifPresent(expected -> deliveries.verify(expected, file));
                Origin withTimes = awaited.map(expected -> new Origin(origin.source(), origin.producingJob(), expected.beginning(),
                        expected.ending())).orElse(origin);
                PushResult result = record(esdt, parsed, fileName, file, withTimes);
                awaited.ifPresent(expected -> deliveries.arrived(expected, result.granule()));
                count(result, esdt.shortName(), origin.source(), file.size());
                return result;
            }
        } catch (GranaryException e) {
            metrics.counter("granary.ingest.refusals", "cause", e.errorCode().code()).increment();
            throw e;
        } finally {
            latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Times one stage of a push ({@code granary.ingest.push.stage}), so operators see where latency goes. */
    private <T> T stage(String name, java.util.function.Supplier<T> work) {
        return metrics.timer("granary.ingest.push.stage", "stage", name).record(work);
    }

    private static void verify(String fileName, SpooledFile file, DeclaredChecksums declared) {
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

    private PushResult record(Esdt esdt, ParsedFileName parsed, String fileName, SpooledFile file, Origin origin) {
        NewGranule candidate = new NewGranule(esdt.shortName(), parsed.collection(), fileName, 1,
                parsed.start() != null ? parsed.start() : origin.start(), parsed.start() != null ? parsed.end() : origin.end(),
                parsed.orbit(), parsed.productionTime(), file.size(), file.sha256(), file.md5(), origin.source(), origin.producingJob());
        boolean archived = false;
        for (int attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
            Optional<Granule> latest = granules.latest(esdt.shortName(), fileName);
            if (latest.isPresent()) {
                Granule existing = latest.get();
                if (existing.sha256().equals(file.sha256()) && !"deleted".equals(existing.state())) {
                    return new PushResult(existing, false);
                }
                switch (esdt.duplicatePolicy()) {
                    case REJECT -> throw new GranaryException(ErrorCode.CONFLICT, fileName + " exists with other content (SHA-256 "
                            + existing.sha256() + ", granule " + existing.id() + ") and " + esdt.shortName() + " rejects duplicates");
                    case SKIP -> {
                        return new PushResult(existing, false);
                    }
                    case REPLACE, NEW_VERSION -> candidate = candidate.withVersion(existing.version() + 1);
                }
            }
            if (!archived) {
                stage("archive", () -> {
                    store(file, fileName);
                    return null;
                });
                archived = true;
            }
            boolean supersede = esdt.duplicatePolicy() == DuplicatePolicy.REPLACE;
            NewGranule toRecord = candidate;
            Optional<Granule> inserted = stage("catalogue", () -> granules.insertWithEvent(toRecord, supersede, PushService::event));
            if (inserted.isPresent()) {
                return new PushResult(inserted.get(), true);
            }
            // Another push of this file committed first; look again at what it made.
        }
        throw new GranaryException(ErrorCode.CONFLICT, fileName + " is being pushed concurrently with other content; retry");
    }

    private void store(SpooledFile file, String fileName) {
        try {
            archive.client().put(file.sha256(), ContentSource.ofFile(file.path()), "ingest of " + fileName);
        } catch (ArchiveException e) {
            if (e.retriable()) {
                throw new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the archive cannot store " + fileName + " now ("
                        + e.getMessage() + "); nothing was recorded, push again later", Map.of(), e);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(Granule granule) {
        return JSON.writeValueAsString(Map.of("type", "granule-archived", "granule", granule));
    }

    private void count(PushResult result, String esdt, String source, long bytes) {
        if (result.created()) {
            metrics.counter("granary.ingest.files", "esdt", esdt, "source", source).increment();
            metrics.counter("granary.ingest.bytes", "esdt", esdt, "source", source).increment(bytes);
            log.info("archived {} ({} bytes) from {} as granule {}", result.granule().fileName(), bytes, source, result.granule().id());
        }
    }
}
