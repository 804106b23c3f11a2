package org.granary.dbmonitor.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters db-monitor watches: what the clusters file says, read again whenever it changes.
 * A file that cannot be read or is invalid leaves the clusters as they were and is reported (in
 * the log and in {@link #fileProblem()}), so an operator's typo never blinds the monitor.
 */
public final class Clusters {
    private static final Logger LOG = LoggerFactory.getLogger(Clusters.class);

    /** What was read, and what the file looked like when it was. */
    private record Snapshot(List<ClusterDefinition> clusters, Object fileVersion, String problem, Instant checkedAt) {
    }

    private final ClustersFile file;
    private volatile Snapshot current = new Snapshot(List.of(), null, null, Instant.EPOCH);

    public Clusters(ClustersFile file) {
        this.file = file;
        reloadIfChanged();
    }

    public List<ClusterDefinition> all() {
        return current.clusters();
    }

    public Optional<ClusterDefinition> find(String name) {
        return all().stream().filter(cluster -> cluster.name().equals(name)).findFirst();
    }

    /** Why the file's last version was refused; empty when what is watched is what the file says. */
    public Optional<String> fileProblem() {
        return Optional.ofNullable(current.problem());
    }

    /** Reads the file again if it changed since it was last read (its time, size or identity). */
    public synchronized void reloadIfChanged() {
        Object version = fileVersion();
        if (Objects.equals(version, current.fileVersion())) {
            return;
        }
        try {
            List<ClusterDefinition> clusters = file.read();
            if (current.problem() != null || !clusters.equals(current.clusters())) {
                LOG.info("clusters file {} read: {} clusters, {} nodes", file.path(), clusters.size(),
                        clusters.stream().mapToInt(cluster -> cluster.nodes().size()).sum());
            }
            current = new Snapshot(clusters, version, null, Instant.now());
        } catch (ClustersFile.InvalidClustersFile e) {
            if (!Objects.equals(e.getMessage(), current.problem())) {
                LOG.error("clusters file {} refused, still watching the {} clusters read before: {}", file.path(), current.clusters().size(),
                        e.getMessage());
            }
            current = new Snapshot(current.clusters(), version, e.getMessage(), Instant.now());
        }
    }

    /** Adds or replaces a cluster, in the file first: what the API changed survives a restart. */
    public synchronized ClusterDefinition put(ClusterDefinition cluster) {
        List<ClusterDefinition> clusters = new ArrayList<>(editable());
        clusters.removeIf(existing -> existing.name().equals(cluster.name()));
        clusters.add(cluster);
        write(clusters);
        return cluster;
    }

    /** Removes a cluster from the file; false when there was none of that name. */
    public synchronized boolean remove(String name) {
        List<ClusterDefinition> clusters = new ArrayList<>(editable());
        if (!clusters.removeIf(existing -> existing.name().equals(name))) {
            return false;
        }
        write(clusters);
        return true;
    }

    private List<ClusterDefinition> editable() {
        reloadIfChanged();
        if (current.problem() != null) {
            throw new IllegalStateException("the clusters file " + file.path() + " is invalid (" + current.problem()
                    + "); fix it before editing clusters through the API");
        }
        return current.clusters();
    }

    private void write(List<ClusterDefinition> clusters) {
        try {
            file.write(clusters);
        } catch (IOException e) {
            throw new UncheckedIOException("the clusters file " + file.path() + " could not be written", e);
        }
        reloadIfChanged();
    }

    private Object fileVersion() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
        } catch (IOException e) {
            return "absent";
        }
    }
}
