package org.granary.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of ingest-service.
 *
 * @param spoolDirectory where pushed files wait, hashed, until the archive holds them (a file's
 *     archive name is its SHA-256, known only once the whole file arrived)
 * @param archiveNodes URLs of archive nodes to learn the cluster map from (any one suffices)
 * @param maxFileBytes larger pushes are refused with 413 before they fill the spool
 * @param esdtCatalog ESDTs loaded at start when the registry is empty (a classpath or file URL);
 *     empty for none
 * @param streamThresholdBytes a push at least this large whose sender declared its SHA-256 (and
 *     no MD5) goes straight to the archive nodes as it arrives, without the spool
 * @param memoryThresholdBytes a push up to this size (at most 1 MiB) with a declared length is held
 *     in memory rather than written to the spool; 0 spools every push
 * @param orbitPeriod the spacecraft's nominal orbital period: a granule of an ESDT whose time unit
 *     is one orbit, named by its start alone (as OMI's are), ends this long after it starts, so a
 *     time-range search finds it anywhere within its orbit (Aura: 233 orbits in 16 days)
 */
@ConfigurationProperties("granary.ingest")
public record IngestProperties(
        Path spoolDirectory,
        List<String> archiveNodes,
        @DefaultValue("1099511627776") long maxFileBytes,
        @DefaultValue("") String esdtCatalog,
        @DefaultValue("8388608") long streamThresholdBytes,
        @DefaultValue("1048576") long memoryThresholdBytes,
        @DefaultValue("PT1H38M53S") Duration orbitPeriod) {
    public IngestProperties {
        requireNonNull(spoolDirectory, "granary.ingest.spool-directory is required");
        requireNonNull(archiveNodes, "granary.ingest.archive-nodes is required");
        if (archiveNodes.isEmpty()) {
            throw new IllegalArgumentException("granary.ingest.archive-nodes needs the URL of at least one archive node");
        }
        archiveNodes = List.copyOf(archiveNodes);
        requireNonNull(orbitPeriod, "granary.ingest.orbit-period is null");
        if (orbitPeriod.isNegative() || orbitPeriod.isZero()) {
            throw new IllegalArgumentException("granary.ingest.orbit-period must be positive, was " + orbitPeriod);
        }
    }
}
