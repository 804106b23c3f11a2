package org.granary.ops.sync;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops/granary sync COMMAND}: parses the metadata-sync commands and hands each to {@link
 * SyncCommands}, made only once a command runs, so that help needs no running service.
 */
@Command(name = "sync", synopsisSubcommandLabel = "COMMAND",
        description = "metadata-sync: the legacy database and the catalogue kept in agreement (status, reconcile, repair, drop-slot)",
        subcommands = {SyncCommandLine.Status.class, SyncCommandLine.Reconcile.class, SyncCommandLine.Repair.class,
                SyncCommandLine.DropSlot.class, HelpCommand.class},
        footerHeading = "%n", footer = {"Exit codes: 0 done (reconcile: both sides agree), 1 metadata-sync refused or failed (its problem",
                "  detail is printed), 2 bad usage, 3 reconcile found differences.",
                "See metadata-sync/README.md, \"A data manager's day\"."})
public final class SyncCommandLine {
    private final Supplier<SyncCommands> commands;

    public SyncCommandLine(Supplier<SyncCommands> commands) {
        this.commands = commands;
    }

    @Command(name = "status", description = "each direction's lag (seconds, WAL bytes), the slot's retained WAL, changes applied per second, "
            + "conflicts, quarantined rows, the last reconciliation")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SyncCommandLine sync;
        @Option(names = "--json", description = "metadata-sync's status as it answers it (GET /sync/status)")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return sync.commands.get().status(json);
        }
    }

    @Command(name = "reconcile", description = "compare both sides now (all data, or the filter), wait for the report and print its counts "
            + "(exit 3 when they differ)")
    static final class Reconcile implements Callable<Integer> {
        @ParentCommand
        SyncCommandLine sync;
        @Option(names = "--esdt", paramLabel = "E", description = "only this ESDT's short name, e.g. OMTO3")
        String esdt;
        @Option(names = "--from", paramLabel = "T", description = "only granules starting at or after T (UTC, e.g. 2005-01-01T00:00:00Z)")
        Instant from;
        @Option(names = "--to", paramLabel = "T", description = "only granules starting before T (UTC)")
        Instant to;

        @Override
        public Integer call() throws Exception {
            return sync.commands.get().reconcile(new SyncCommands.Filter(esdt, from, to));
        }
    }

    @Command(name = "repair", description = "what repairing a report's differences would do (a dry run), or do it with --apply")
    static final class Repair implements Callable<Integer> {
        @ParentCommand
        SyncCommandLine sync;
        @Parameters(paramLabel = "REPORT", description = "the reconciliation report's id")
        long report;
        @Option(names = "--apply", description = "repair through the sync's apply path (audited); without it nothing changes")
        boolean apply;

        @Override
        public Integer call() throws Exception {
            return sync.commands.get().repair(report, apply);
        }
    }

    @Command(name = "drop-slot", description = {"stop the capture and drop its replication slot on the legacy server (it keeps no more WAL",
            "for metadata-sync); changes made before metadata-sync starts again are not captured: reconcile and repair after"})
    static final class DropSlot implements Callable<Integer> {
        @ParentCommand
        SyncCommandLine sync;
        @Option(names = "--yes", description = "do not ask (required when no terminal is attached)")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            return sync.commands.get().dropSlot(yes);
        }
    }
}
