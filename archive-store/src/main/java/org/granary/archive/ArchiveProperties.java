package org.granary.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of one archive node.
 *
 * @param nodeId this node's id in the cluster map ({@code GRANARY_ARCHIVE_NODE_ID}, default the
 *     launcher's instance name)
 * @param nodeUrl the URL other nodes and clients reach this node at
 * @param volumes the folders this node stores objects in, typically one per disk
 * @param minimumFreeBytes a write that would leave less free space on every volume is refused
 *     with 507 before a byte is written (a write of unknown length counts as 0 bytes); a volume
 *     that fills up during a write is answered 507 as well, and nothing of the write is kept
 * @param deleteGracePeriod how long a deleted object stays restorable before it is purged
 * @param cluster the cluster this node starts with when it knows no map yet
 * @param scrub the background auditor
 * @param rebalance moving objects to where the map wants them
 */
@ConfigurationProperties("granary.archive")
public record ArchiveProperties(
        String nodeId,
        String nodeUrl,
        List<VolumeConfig> volumes,
        @DefaultValue("67108864") long minimumFreeBytes,
        @DefaultValue("7d") Duration deleteGracePeriod,
        @DefaultValue Cluster cluster,
        @DefaultValue Scrub scrub,
        @DefaultValue Rebalance rebalance) {
    public ArchiveProperties {
        requireNonNull(nodeId, "granary.archive.node-id is required");
        requireNonNull(nodeUrl, "granary.archive.node-url is required");
        requireNonNull(volumes, "granary.archive.volumes is required");
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("granary.archive.volumes needs at least one volume");
        }
        volumes = List.copyOf(volumes);
        if (minimumFreeBytes < 0) {
            throw new IllegalArgumentException("granary.archive.minimum-free-bytes must not be negative, was " + minimumFreeBytes);
        }
        requireNonNull(deleteGracePeriod, "granary.archive.delete-grace-period is required");
        if (deleteGracePeriod.isNegative()) {
            throw new IllegalArgumentException("granary.archive.delete-grace-period must not be negative, was " + deleteGracePeriod);
        }
        requireNonNull(cluster, "granary.archive.cluster is null");
        requireNonNull(scrub, "granary.archive.scrub is null");
        requireNonNull(rebalance, "granary.archive.rebalance is null");
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        requireNonNull(value, key + " is required");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    /** A volume: a name unique on this node and the folder it lives in. */
    public record VolumeConfig(String name, Path path) {
        public VolumeConfig {
            requireNonNull(name, "volume name is required");
            requireNonNull(path, "volume path is required");
            if (!name.matches("[a-z0-9][a-z0-9-]{0,30}")) {
                throw new IllegalArgumentException("volume name must be lowercase letters, digits and dashes: " + name);
            }
        }
    }

    /**
     * The cluster this node joins ({@code granary.archive.cluster}).
     *
     * @param seedNodes {@code id=url} of every node of the first map (epoch 0), identical on all nodes
     * @param seedZones {@code id=zone} of the seed nodes that have a zone (rack, room, site); a node
     *     without one is a zone of its own
     * @param replicas copies per object in the first map (R)
     * @param writeQuorum copies that must be durable before a put is acknowledged in the first map
     *     (W, 1 to R; absent: R)
     * @param gossipInterval how often this node asks its peers for a newer map
     */
    public record Cluster(@DefaultValue List<String> seedNodes, @DefaultValue List<String> seedZones, @DefaultValue("2") int replicas,
            Integer writeQuorum, @DefaultValue("2s") Duration gossipInterval) {
        public Cluster {
            seedNodes = List.copyOf(seedNodes);
            seedZones = List.copyOf(seedZones);
            requirePositive("granary.archive.cluster.replicas", replicas);
            if (writeQuorum != null && (writeQuorum < 1 || writeQuorum > replicas)) {
                throw new IllegalArgumentException("granary.archive.cluster.write-quorum must be between 1 and replicas (" + replicas
                        + "), was " + writeQuorum);
            }
            for (String zone : seedZones) {
                if (zone.indexOf('=') < 1) {
                    throw new IllegalArgumentException("granary.archive.cluster.seed-zones entries look like archive-1=rack-a, not " + zone);
                }
            }
            requirePositive("granary.archive.cluster.gossip-interval", gossipInterval);
        }
    }

    /**
     * The background auditor that re-reads every object ({@code granary.archive.scrub}).
     *
     * @param enabled whether the background auditor runs
     * @param bytesPerSecond how fast it re-reads objects, so that it never starves clients
     * @param interval pause between two batches when there is nothing to verify
     * @param presenceInterval pause between two presence checks, which list the volumes' files
     *     against the inventory (no file is read) to notice a vanished file before its turn to be verified
     */
    public record Scrub(@DefaultValue("true") boolean enabled, @DefaultValue("52428800") long bytesPerSecond,
            @DefaultValue("10s") Duration interval, @DefaultValue("1m") Duration presenceInterval) {
        public Scrub {
            requirePositive("granary.archive.scrub.bytes-per-second", bytesPerSecond);
            requirePositive("granary.archive.scrub.interval", interval);
            requirePositive("granary.archive.scrub.presence-interval", presenceInterval);
        }
    }

    /**
     * Moving objects to where the map places them ({@code granary.archive.rebalance}).
     *
     * @param bytesPerSecond default throttle of a rebalance, overridable per run
     */
    public record Rebalance(@DefaultValue("104857600") long bytesPerSecond) {
        public Rebalance {
            requirePositive("granary.archive.rebalance.bytes-per-second", bytesPerSecond);
        }
    }
}
