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
import org.granary.archive.client.VolumeStatus;

/**
 * The archive commands of {@code ops/granary}, through the archive client. They read the cluster
 * map from any node (the highest epoch wins), change it through the admin API with the epoch they
 * read, and run rebalances and scrubs on every node of the map, following their progress until
 * they end.
 */
public final class ArchiveCommands {
    public static final String USAGE = """
            usage: ops/granary archive COMMAND
              map                          the cluster map: epoch, replicas, nodes
              volumes                      every node's volumes: state, capacity, free space
              add-node ID URL [--weight W] add a node to the map (then rebalance)
              drain ID                     stop placing copies on a node (then rebalance, then remove-node)
              remove-node ID               remove a drained node from the map
              rebalance [--dry-run] [--bytes-per-second N]
                                           what would move / move it, on every node, following progress
              scrub                        verify every object of every node now, repairing what is wrong
              audit CHECKSUM               every event of one object on every node, oldest first""";
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

    private final List<String> seedUrls;
    private final Path adminTokenFile;
    private final PrintStream out;

    public ArchiveCommands(List<String> seedUrls, Path adminTokenFile, PrintStream out) {
        this.seedUrls = List.copyOf(seedUrls);
        this.adminTokenFile = adminTokenFile;
        this.out = out;
    }

    public int run(List<String> arguments) throws IOException, InterruptedException {
        if (seedUrls.isEmpty()) {
            out.println("no archive node is configured");
            return 1;
        }
        String command = arguments.isEmpty() ? "" : arguments.getFirst();
        List<String> rest = arguments.subList(Math.min(1, arguments.size()), arguments.size());
        try (ArchiveClient archive = new ArchiveClient(seedUrls, Files.readString(adminTokenFile).strip(), Duration.ZERO)) {
            return switch (command) {
                case "map" -> printMap(archive.refreshMap());
                case "volumes" -> volumes(archive);
                case "add-node" -> addNode(archive, rest);
                case "drain" -> changeNode(rest, archive::drainNode);
                case "remove-node" -> changeNode(rest, archive::removeNode);
                case "rebalance" -> rest.contains("--dry-run") ? plan(archive, bytesPerSecond(rest)) : rebalance(archive, bytesPerSecond(rest));
                case "scrub" -> scrub(archive);
                case "audit" -> audit(archive, rest);
                default -> {
                    out.println(USAGE);
                    yield 2;
                }
            };
        }
    }

    private int printMap(ClusterMap map) {
        out.printf("epoch %d, %d replicas%n", map.epoch(), map.replicas());
        out.printf("%-16s %-28s %-8s %s%n", "NODE", "URL", "WEIGHT", "STATE");
        for (ClusterNode node : map.nodes()) {
            out.printf("%-16s %-28s %-8s %s%n", node.id(), node.url(), node.weight(), node.state().wireName());
        }
        return 0;
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

    private int addNode(ArchiveClient archive, List<String> arguments) {
        if (arguments.size() < 2) {
            out.println("usage: ops/granary archive add-node ID URL [--weight W]");
            return 2;
        }
        String weight = option(arguments, "--weight");
        return printMap(archive.addNode(arguments.get(0), arguments.get(1), weight == null ? 1.0 : Double.parseDouble(weight)));
    }

    private int changeNode(List<String> arguments, Function<String, ClusterMap> change) {
        if (arguments.isEmpty()) {
            out.println("usage: ops/granary archive drain|remove-node ID");
            return 2;
        }
        return printMap(change.apply(arguments.getFirst()));
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
                pass -> String.format("%d verified (%s), %d corrupt, %d repaired, %d unrepairable, %d replicas added", pass.objectsVerified(),
                        size(pass.bytesRead()), pass.corrupt(), pass.repaired(), pass.unrepairable(), pass.replicasAdded()),
                pass -> pass.unrepairable() == 0);
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

    private int audit(ArchiveClient archive, List<String> arguments) {
        if (arguments.size() != 1) {
            out.println("usage: ops/granary archive audit CHECKSUM");
            return 2;
        }
        List<AuditEntry> events = new ArrayList<>();
        for (ClusterNode node : archive.refreshMap().nodes()) {
            try {
                events.addAll(archive.nodes().audit(node, arguments.getFirst()));
            } catch (ArchiveException e) {
                out.println("(node " + node.id() + " did not answer: " + e.getMessage() + ")");
            }
        }
        events.sort(Comparator.comparing(AuditEntry::occurredAt));
        for (AuditEntry event : events) {
            out.printf("%s  %-12s %-4s %-10s %s%s%n", event.occurredAt(), event.node(), event.volume() == null ? "" : event.volume(),
                    event.action(), event.cause(), event.detail() == null ? "" : " (" + event.detail() + ")");
        }
        if (events.isEmpty()) {
            out.println("no node has any record of " + arguments.getFirst());
        }
        return 0;
    }

    private static OptionalLong bytesPerSecond(List<String> arguments) {
        String value = option(arguments, "--bytes-per-second");
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    private static String option(List<String> arguments, String name) {
        int index = arguments.indexOf(name);
        return index >= 0 && index + 1 < arguments.size() ? arguments.get(index + 1) : null;
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
