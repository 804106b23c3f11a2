package org.granary.ingest.event;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.granary.archive.client.ClusterNode;
import org.granary.ingest.IngestProperties;
import org.granary.ingest.archive.ArchiveAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive nodes ingest knows: those it is configured with and those of the archive's cluster
 * map (which may have grown since). The map is asked for at most once a minute, and the last one
 * seen is kept while the archive does not answer, so that checking a callback never waits on it.
 */
final class KnownArchiveNodes implements Supplier<List<String>> {
    private static final Logger log = LoggerFactory.getLogger(KnownArchiveNodes.class);
    private static final long REFRESH_NANOS = Duration.ofMinutes(1).toNanos();

    private final List<String> configured;
    private final ArchiveAccess archive;
    private volatile List<String> fromMap = List.of();
    private volatile long askedAtNanos;
    private volatile boolean asked;

    KnownArchiveNodes(IngestProperties ingest, ArchiveAccess archive) {
        this.configured = ingest.archiveNodes();
        this.archive = archive;
    }

    @Override
    public List<String> get() {
        long now = System.nanoTime();
        if (!asked || now - askedAtNanos >= REFRESH_NANOS) {
            asked = true;
            askedAtNanos = now;
            try {
                fromMap = archive.client().map().nodes().stream().map(ClusterNode::url).toList();
            } catch (RuntimeException e) {
                log.debug("the archive's cluster map is not available; callbacks are checked against the nodes last known", e);
            }
        }
        return Stream.concat(configured.stream(), fromMap.stream()).distinct().toList();
    }
}
