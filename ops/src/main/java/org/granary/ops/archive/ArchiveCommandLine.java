package org.granary.ops.archive;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops/granary archive COMMAND}: parses the archive commands and hands each to {@link
 * ArchiveCommands}, made only once a command runs, so that help needs no archive node.
 */
@Command(name = "archive", synopsisSubcommandLabel = "COMMAND", description = "the archive cluster: map, status, volumes, nodes, write quorum, rebalance, scrub, audit",
        subcommands = {ArchiveCommandLine.ShowMap.class, ArchiveCommandLine.Status.class, ArchiveCommandLine.Volumes.class,
                ArchiveCommandLine.AddNode.class, ArchiveCommandLine.WriteQuorum.class, ArchiveCommandLine.Drain.class,
                ArchiveCommandLine.RemoveNode.class, ArchiveCommandLine.Rebalance.class, ArchiveCommandLine.Scrub.class,
                ArchiveCommandLine.Audit.class, HelpCommand.class},
        footerHeading = "%n", footer = "See archive-store/README.md for the cluster, placement and rebalancing.")
public final class ArchiveCommandLine {
    private final Supplier<ArchiveCommands> commands;

    public ArchiveCommandLine(Supplier<ArchiveCommands> commands) {
        this.commands = commands;
    }

    @Command(name = "map", description = "the cluster map: epoch, replicas, write quorum, nodes and their zones")
    static final class ShowMap implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().showMap();
        }
    }

    @Command(name = "status", description = "every node's under-replicated objects: puts acknowledged with fewer copies than replicas, "
            + "whose missing copies the node makes once it can")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().status();
        }
    }

    @Command(name = "volumes", description = "every node's volumes: state, capacity, free space")
    static final class Volumes implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().volumes();
        }
    }

    @Command(name = "add-node", description = "add a node to the map (then rebalance)")
    static final class AddNode implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Parameters(index = "0", paramLabel = "ID", description = "the node's id, e.g. archive-3")
        String id;
        @Parameters(index = "1", paramLabel = "URL", description = "its base URL, e.g. http://10.0.0.3:8090")
        String url;
        @Option(names = "--weight", paramLabel = "W", defaultValue = "1.0", description = "its share of the copies (default ${DEFAULT-VALUE})")
        double weight;
        @Option(names = "--zone", paramLabel = "ZONE", description = "what fails with it (rack, room, site); copies go to distinct zones "
                + "(default: a zone of its own)")
        String zone;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().addNode(id, url, weight, zone);
        }
    }

    @Command(name = "write-quorum", description = "set how many of an object's copies a put waits for (1 to replicas)")
    static final class WriteQuorum implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Parameters(paramLabel = "W", description = "copies durable before a put is acknowledged; the others are made later")
        int writeQuorum;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().setWriteQuorum(writeQuorum);
        }
    }

    @Command(name = "drain", description = "stop placing copies on a node (then rebalance, then remove-node)")
    static final class Drain implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Parameters(paramLabel = "ID", description = "the node's id")
        String id;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().drain(id);
        }
    }

    @Command(name = "remove-node", description = "remove a drained node from the map")
    static final class RemoveNode implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Parameters(paramLabel = "ID", description = "the node's id")
        String id;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().removeNode(id);
        }
    }

    @Command(name = "rebalance", description = "move what the map says is misplaced, on every node, following progress")
    static final class Rebalance implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Option(names = "--dry-run", description = "only say what would move, and how long it would take")
        boolean dryRun;
        @Option(names = "--bytes-per-second", paramLabel = "N", description = "the copy rate (default: each node's setting)")
        Optional<Long> bytesPerSecond = Optional.empty();

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().rebalance(dryRun, bytesPerSecond);
        }
    }

    @Command(name = "scrub", description = "verify every object of every node now, repairing what is wrong")
    static final class Scrub implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().scrub();
        }
    }

    @Command(name = "audit", description = "every event of one object on every node, oldest first")
    static final class Audit implements Callable<Integer> {
        @ParentCommand
        ArchiveCommandLine archive;
        @Parameters(paramLabel = "CHECKSUM", description = "the object's SHA-256")
        String checksum;

        @Override
        public Integer call() throws Exception {
            return archive.commands.get().audit(checksum);
        }
    }
}
