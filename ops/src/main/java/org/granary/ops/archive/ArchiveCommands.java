package org.granary.ops.archive;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.AuditEntry;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.NodeClient;
import org.granary.archive.client.RebalancePlan;
import org.granary.archive.client.RebalanceProgress;
import org.granary.archive.client.ScrubProgress;
import org.granary.archive.client.UnderReplicatedReport;
import org.granary.archive.client.VolumeStatus;

/**
 * The archive commands of {@code ops/granary} ({@link ArchiveCommandLine} parses them), through the
 * archive client. They read the cluster
 * map from any node (the highest epoch wins), change it through the admin API with the epoch they
 * read, and run rebalances and scrubs on every node of the map, following their progress until
 * they end.
 */
public final class ArchiveCommands {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

    private final List<String> seedUrls;
    private final Path adminTokenFile;
    private final PrintStream out;

    public ArchiveCommands(List<String> seedUrls, Path adminTokenFile, PrintStream out) {
        if (seedUrls.isEmpty()) {
            throw new IllegalStateException("no archive node is configured");
        }
        this.seedUrls = List.copyOf(seedUrls);
        this.adminTokenFile = adminTokenFile;
        this.out = out;
    }

    int showMap() throws IOException {
        try (ArchiveClient archive = client()) {
            return printMap(archive.refreshMap());
        }
    }

    int status() throws IOException {
        try (ArchiveClient archive = client()) {
            return status(archive);
        }
    }

    int volumes() throws IOException {
        try (ArchiveClient archive = client()) {
            return volumes(archive);
        }
    }

    int addNode(String id, String url, double weight, String zone) throws IOException {
        try (ArchiveClient archive = client()) {
            return printMap(archive.addNode(id, url, weight, zone));
        }
    }

    int setWriteQuorum(int writeQuorum) throws IOException {
        try (ArchiveClient archive = client()) {
            return printMap(archive.setWriteQuorum(writeQuorum));
        }
    }

    int drain(String id) throws IOException {
        try (ArchiveClient archive = client()) {
            return printMap(archive.drainNode(id));
        }
    }

    int removeNode(String id) throws IOException {
        try (ArchiveClient archive = client()) {
            return printMap(archive.removeNode(id));
        }
    }

    /** What would move ({@code dryRun}) or move it; {@code bytesPerSecond} overrides the nodes' setting. */
    int rebalance(boolean dryRun, Optional<Long> bytesPerSecond) throws IOException, InterruptedException {
        OptionalLong rate = bytesPerSecond.map(OptionalLong::of).orElse(OptionalLong.empty());
        try (ArchiveClient archive = client()) {
            return dryRun ? plan(archive, rate) : rebalance(archive, rate);
        }
    }

    int scrub() throws IOException, InterruptedException {
        try (ArchiveClient archive = client()) {
            return scrub(archive);
        }
    }

    int audit(String checksum) throws IOException {
        try (ArchiveClient archive = client()) {
            return audit(archive, checksum);
        }
    }

    /** A client with the admin token, reading the map afresh each time (a command changes it). */
    private ArchiveClient client() throws IOException {
        return new ArchiveClient(seedUrls, Files.readString(adminTokenFile).strip(), Duration.ZERO);
    }

    private int printMap(ClusterMap map) {
        out.printf("epoch %d, %d replicas, write quorum %d%n", map.epoch(), map.replicas(), map.writeQuorum());
        out.printf("%-16s %-28s %-8s %-9s %s%n", "NODE", "URL", "WEIGHT", "STATE", "ZONE");
        for (ClusterNode node : map.nodes()) {
            out.printf("%-16s %-28s %-8s %-9s %s%n", node.id(), node.url(), node.weight(), node.state().wireName(),
                    node.zone() == null ? "-" : node.zone());
        }
        return 0;
    }

    /** Each node's under-replicated objects; exit 1 when a node did not answer. */
    private int status(ArchiveClient archive) {
        ClusterMap map = archive.refreshMap();
        out.printf("epoch %d, %d replicas, write quorum %d%n", map.epoch(), map.replicas(), map.writeQuorum());
        out.printf("%-16s %16s %14s  %s%n", "NODE", "UNDER-REPLICATED", "COPIES MISSING", "OLDEST");
        int exitCode = 0;
        for (ClusterNode node : map.nodes()) {
            try {
                UnderReplicatedReport report = archive.nodes().underReplicated(node, 0);
                out.printf("%-16s %16d %14d  %s%n", node.id(), report.objects(), report.missingCopies(),
                        report.oldestRecordedAt() == null ? "-" : report.oldestRecordedAt());
            } catch (ArchiveException e) {
                out.printf("%-16s did not answer: %s%n", node.id(), e.getMessage());
                exitCode = 1;
            }
        }
        return exitCode;
    }

    private int volumes(ArchiveClient archive) {
        out.printf("%-16s %-8s %-10s %12s %12s  %s%n", "NODE", "VOLUME", "STATE", "FREE GiB", "TOTAL GiB", "PATH");
        for (ClusterNode node : archive.refreshMap().nodes()) {
            for (VolumeStatus volume : archive.nodes().volumes(node)) {
                out.printf("%-16s %-8s %-10s %12.1f %12.1f  %s%n", node.id(), volume.name(), volume.state(),
                        volume.freeBytes() / 1073741824.0, volume.totalBytes() / 1073741824.0, volume.path());
            }
        }
        return 0;
    }

    private int plan(ArchiveClient archive, OptionalLong bytesPerSecond) {
        long objects = 0;
        long bytes = 0;
        for (ClusterNode node : archive.refreshMap().nodes()) {
            RebalancePlan plan = archive.nodes().rebalancePlan(node, bytesPerSecond);
            objects += plan.objectsToMoveAway();
            bytes += plan.bytesToMoveAway();
            out.printf("%s: %d of %d objects (%s) move away; copies to %s (%s); about %d s at %s/s%n", node.id(), plan.objectsToMoveAway(),
                    plan.objectsExamined(), size(plan.bytesToMoveAway()), perTarget(plan.copiesPerTarget(), String::valueOf),
                    perTarget(plan.bytesPerTarget(), ArchiveCommands::size), plan.estimatedSeconds(), size(plan.bytesPerSecond()));
        }
        out.printf("in all: %d objects (%s) move%n", objects, size(bytes));
        return 0;
    }

    private int rebalance(ArchiveClient archive, OptionalLong bytesPerSecond) throws InterruptedException {
        NodeClient nodes = archive.nodes();
        List<ClusterNode> all = archive.refreshMap().nodes();
        for (ClusterNode node : all) {
            nodes.startRebalance(node, bytesPerSecond);
        }
        return follow(all, nodes::rebalanceProgress, RebalanceProgress::state,
                run -> String.format("%d/%d examined, %d moved away, %d copies (%s), %d errors", run.objectsExamined(), run.objectsTotal(),
                        run.objectsMoved(), run.copiesMade(), size(run.bytesCopied()), run.errors()),
                run -> run.errors() == 0);
    }

    private int scrub(ArchiveClient archive) throws InterruptedException {
        NodeClient nodes = archive.nodes();
        List<ClusterNode> all = archive.refreshMap().nodes();
        for (ClusterNode node : all) {
            nodes.startScrub(node);
        }
        return follow(all, nodes::scrubProgress, ScrubProgress::state,
                pass -> String.format("%d verified (%s), %d corrupt, %d missing, %d repaired, %d unrepairable, %d problems, %d replicas added",
                        pass.objectsVerified(), size(pass.bytesRead()), pass.corrupt(), pass.missing(), pass.repaired(), pass.unrepairable(),
                        pass.problems(), pass.replicasAdded()),
                pass -> pass.unrepairable() == 0 && pass.problems() == 0);
    }

    /** Prints each node's progress every two seconds until none runs; exit 0 when all finished well. */
    private <T> int follow(List<ClusterNode> nodes, Function<ClusterNode, T> progress, Function<T, String> state,
            Function<T, String> describe, Predicate<T> good) throws InterruptedException {
        Map<String, String> lastPrinted = new HashMap<>();
        while (true) {
            boolean running = false;
            boolean allGood = true;
            for (ClusterNode node : nodes) {
                T now = progress.apply(node);
                running |= "running".equals(state.apply(now));
                allGood &= "finished".equals(state.apply(now)) && good.test(now);
                String line = String.format("%-12s %-9s %s", node.id(), state.apply(now), describe.apply(now));
                if (!line.equals(lastPrinted.put(node.id(), line))) {
                    out.println(line);
                }
            }
            if (!running) {
                return allGood ? 0 : 1;
            }
            Thread.sleep(PROGRESS_INTERVAL);
        }
    }

    private int audit(ArchiveClient archive, String checksum) {
        List<AuditEntry> events = new ArrayList<>();
        for (ClusterNode node : archive.refreshMap().nodes()) {
            try {
                events.addAll(archive.nodes().audit(node, checksum));
            } catch (ArchiveException e) {
                out.println("(node " + node.id() + " did not answer: " + e.getMessage() + ")");
            }
        }
        events.sort(Comparator.comparing(AuditEntry::occurredAt));
        for (AuditEntry event : events) {
            out.printf("%s  %-12s %-4s %-10s %-16s %s%s%n", event.occurredAt(), event.node(), event.volume() == null ? "" : event.volume(),
                    event.action(), event.actor() == null ? "-" : event.actor(), event.cause(),
                    event.detail() == null ? "" : " (" + event.detail() + ")");
        }
        if (events.isEmpty()) {
            out.println("no node has any record of " + checksum);
        }
        return 0;
    }

    private static String perTarget(Map<String, Long> values, Function<Long, String> format) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(values).forEach((node, value) -> parts.add(node + " " + format.apply(value)));
        return String.join(", ", parts);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
