package org.granary.ops.sync;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.ingest.RunningIngest;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.RunningSync;
import org.granary.metadatasync.reconcile.SyncITNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ops/granary sync ...} against a real metadata-sync between a legacy database and a real
 * ingest-service (in this JVM), with the sync running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncCommandsIT {
    private static final String SLOT = "sync_commands_it";
    @TempDir
    static Path home;
    private RunningIngest ingest;
    private LegacyAndSyncDatabases databases;
    private RunningSync sync;
    private long report;

    private record Run(int exitCode, String output) {
    }

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home.resolve("ingest"), "sync_commands_ingest", RunningSync.INGEST_SETTINGS);
        databases = LegacyAndSyncDatabases.fresh("sync_commands");
        sync = RunningSync.start(ingest, databases, SLOT, Map.of("granary.sync.reconcile-cron", "-",
                "granary.sync.reconcile-recheck-wait", "60s", "granary.sync.reconcile-settle", "1s"));
        databases.awaitCapturing(SLOT);
    }

    @AfterAll
    void stop() throws Exception {
        sync.close();
        databases.dropSlot(SLOT);
        ingest.close();
    }

    @Test
    @Order(1)
    void statusSaysEachDirectionsLagTheSlotAndTheCountsAndGivesTheJson() throws Exception {
        Run status = run("status");
        Run json = run("status", "--json");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("legacy -> catalogue: lag [0-9.]+ s, -?\\d+ bytes of WAL; slot " + SLOT + " active; retained WAL \\d+ bytes")
                .containsPattern("catalogue -> legacy: lag [0-9.]+ s").contains("applied per second: ").contains("conflicts: 0   quarantined: 0")
                .containsPattern("initial load \\d+: (finished|running since) .*first start")
                .contains("last reconciliation: none");
        assertThat(json.exitCode()).isZero();
        assertThat(SyncApi.JSON.readTree(json.output()).get("legacyToCatalogue").get("slot").asString()).isEqualTo(SLOT);
    }

    @Test
    @Order(2)
    void reconcileFindsThePlantedDifferenceAndExitsThree() throws Exception {
        String changed = SyncITNames.fileName(4001);
        databases.legacy(SyncITNames.insert(changed, "0123456789ABCDEF0123456789ABCDEF", 1000));
        await().atMost(Duration.ofSeconds(90)).until(() -> ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?")
                .param(changed).query(Long.class).single() == 1);
        ingest.sql().sql("UPDATE granule SET orbit = 99999 WHERE file_name = ?").param(changed).update();

        Run reconcile = run("reconcile", "--esdt", "OMTO3", "--from", "2004-01-01T00:00:00Z", "--to", "2005-01-01T00:00:00Z");

        assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(SyncCommands.DIFFERENCES);
        assertThat(reconcile.output()).contains("\"esdt\":\"OMTO3\"", "\"startFrom\":\"2004-01-01T00:00:00Z\"")
                .contains("missing on the catalogue: 0, missing on the legacy side: 0, different: 1, unsettled: 0")
                .contains("1 difference(s): ops/granary sync repair");
        Matcher reportUrl = Pattern.compile("report: (http://\\S+/sync/reconciliations/(\\d+))\\n").matcher(reconcile.output());
        assertThat(reportUrl.find()).as(reconcile.output()).isTrue();
        report = Long.parseLong(reportUrl.group(2));
        assertThat(reconcile.output()).contains("page:   " + reportUrl.group(1) + ".html");
        assertThat(run("status").output()).contains("last reconciliation: " + report + " finished").contains("different 1");
    }

    @Test
    @Order(3)
    void repairIsADryRunUnlessApplyThenTheNextReconciliationIsClean() throws Exception {
        String changed = SyncITNames.fileName(4001);
        Run dryRun = run("repair", String.valueOf(report));
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("dry run of the repair of reconciliation " + report + ": 1 file(s)")
                .containsPattern("different +legacy-to-catalogue .*" + Pattern.quote(changed)).contains("nothing was changed");
        assertThat(orbit(changed)).isEqualTo(99999);

        Run applied = run("repair", String.valueOf(report), "--apply");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("repair of reconciliation " + report).containsPattern("legacy-to-catalogue +applied");
        assertThat(orbit(changed)).isEqualTo(4001);

        Run clean = run("reconcile");
        assertThat(clean.exitCode()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("both sides agree");
    }

    @Test
    @Order(4)
    void badArgumentsAreRefusedAndTheServicesProblemIsPrinted() throws Exception {
        Run notATime = run("reconcile", "--from", "yesterday");
        Run notAShortName = run("reconcile", "--esdt", "OMTO3.003");
        Run noSuchReport = run("repair", "987654");
        Run notANumber = run("repair", "twelve");

        assertThat(notATime.exitCode()).isEqualTo(2);
        assertThat(notATime.output()).contains("--from");
        assertThat(notAShortName.exitCode()).isEqualTo(1);
        assertThat(notAShortName.output()).contains("metadata-sync answered 400: ").contains("invalid-request");
        assertThat(noSuchReport.exitCode()).isEqualTo(1);
        assertThat(noSuchReport.output()).contains("metadata-sync answered 404: no reconciliation 987654");
        assertThat(notANumber.exitCode()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void dropSlotAsksOrWantsYesThenDropsTheSlot() throws Exception {
        Run noTerminal = run("drop-slot");
        Run answeredNo = run(new BufferedReader(new StringReader("no\n")), "drop-slot");
        assertThat(noTerminal.exitCode()).isEqualTo(1);
        assertThat(noTerminal.output()).contains("run it with --yes");
        assertThat(answeredNo.exitCode()).isEqualTo(1);
        assertThat(answeredNo.output()).contains("Type yes: ").contains("nothing was done");
        assertThat(slots()).containsExactly(SLOT);

        Run dropped = run("drop-slot", "--yes");

        assertThat(dropped.exitCode()).as(dropped.output()).isZero();
        assertThat(dropped.output()).contains("capture stopped; slot " + SLOT + " dropped").contains("a new initial load");
        assertThat(slots()).isEmpty();
        assertThat(run("status").output()).contains("slot " + SLOT + " missing").contains("WARNING: the capture was stopped");
    }

    private List<String> slots() throws Exception {
        return databases.legacyQuery("SELECT slot_name FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
    }

    private int orbit(String fileName) {
        return ingest.sql().sql("SELECT orbit FROM granule WHERE file_name = ? ORDER BY version DESC LIMIT 1").param(fileName)
                .query(Integer.class).single();
    }

    private Run run(String... arguments) {
        return run(null, arguments);
    }

    /** The command as {@code ops/granary sync} runs it: a refusal printed as the launcher prints it, exit 1. */
    private Run run(BufferedReader terminal, String... arguments) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
        PrintWriter writer = new PrintWriter(new java.io.OutputStreamWriter(printed, StandardCharsets.UTF_8), true);
        Path adminTokenFile = ingest.archive().adminTokenFile();
        int exitCode = new CommandLine(new SyncCommandLine(() -> new SyncCommands(sync.url(), adminTokenFile, printed, terminal)))
                .setOut(writer).setErr(writer)
                .setExecutionExceptionHandler((exception, command, parsed) -> {
                    writer.println("granary: " + exception.getMessage());
                    return 1;
                })
                .execute(arguments);
        return new Run(exitCode, output.toString(StandardCharsets.UTF_8));
    }
}
