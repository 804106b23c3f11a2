package org.granary.ops.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata-sync commands of {@code ops/granary} ({@link SyncCommandLine} parses them), over
 * metadata-sync's API with the admin token. Exit codes: 0 done, 1 refused or failed, 3 a
 * reconciliation found differences.
 */
public final class SyncCommands {
    /** A reconciliation found differences. */
    static final int DIFFERENCES = 3;
    private static final int REFUSED = 1;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final String syncUrl;
    private final Path adminTokenFile;
    private final PrintStream out;
    private final BufferedReader terminal;

    /** {@code terminal} reads the operator's answer to a question, or is null when no terminal is attached. */
    public SyncCommands(String syncUrl, Path adminTokenFile, PrintStream out, BufferedReader terminal) {
        this.syncUrl = syncUrl;
        this.adminTokenFile = adminTokenFile;
        this.out = out;
        this.terminal = terminal;
    }

    /** What a reconciliation covers; each field null for all. */
    record Filter(String esdt, Instant from, Instant to) {
        String json() {
            ObjectNode body = SyncApi.JSON.createObjectNode();
            if (esdt != null) {
                body.put("esdt", esdt);
            }
            if (from != null) {
                body.put("startFrom", from.toString());
            }
            if (to != null) {
                body.put("startTo", to.toString());
            }
            return body.toString();
        }
    }

    int status(boolean json) throws IOException {
        try (SyncApi api = api()) {
            JsonNode status = api.get("/sync/status");
            JsonNode latest = api.get("/sync/reconciliations?limit=1");
            if (json) {
                out.println(SyncApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
            } else {
                StatusText.print(status, latest.isArray() && !latest.isEmpty() ? latest.get(0) : null, out);
            }
            return 0;
        }
    }

    int reconcile(Filter filter) throws IOException, InterruptedException {
        try (SyncApi api = api()) {
            JsonNode started = api.post("/sync/reconciliations", filter.json());
            long id = started.get("id").asLong();
            out.printf("reconciliation %d started (%s)%n", id, filter.json());
            JsonNode report = api.get("/sync/reconciliations/" + id + "?limit=1");
            while ("running".equals(report.path("state").asString())) {
                Thread.sleep(POLL_INTERVAL);
                report = api.get("/sync/reconciliations/" + id + "?limit=1");
            }
            return printReport(api, id, report);
        }
    }

    private int printReport(SyncApi api, long id, JsonNode report) {
        String state = report.path("state").asString();
        out.printf("reconciliation %d %s%n", id, state);
        if (!"finished".equals(state)) {
            out.println("  error: " + report.path("error").asString("-"));
            return REFUSED;
        }
        JsonNode counts = report.path("counts");
        out.printf("  rows: %d legacy, %d catalogue; %d ranges compared, %d rows fetched%n", counts.path("legacyRows").asLong(),
                counts.path("catalogueRows").asLong(), counts.path("rangesCompared").asLong(), counts.path("rowsFetched").asLong());
        long differences = counts.path("missingOnCatalogue").asLong() + counts.path("missingOnLegacy").asLong() + counts.path("different").asLong();
        out.printf("  missing on the catalogue: %d, missing on the legacy side: %d, different: %d, unsettled: %d%n",
                counts.path("missingOnCatalogue").asLong(), counts.path("missingOnLegacy").asLong(), counts.path("different").asLong(),
                counts.path("unsettled").asLong());
        out.printf("  report: %s%n  page:   %s%n", api.url("/sync/reconciliations/" + id), api.url("/sync/reconciliations/" + id + ".html"));
        if (differences == 0) {
            out.println("both sides agree");
            return 0;
        }
        out.printf("%d difference(s): ops/granary sync repair %d (a dry run), then --apply%n", differences, id);
        return DIFFERENCES;
    }

    int repair(long report, boolean apply) throws IOException {
        try (SyncApi api = api()) {
            JsonNode plan = api.post("/sync/reconciliations/" + report + "/repair" + (apply ? "?apply=true" : ""), null);
            out.printf("%s of reconciliation %d: %d file(s)%n", apply ? "repair" : "dry run of the repair", report, plan.path("actions").size());
            for (JsonNode action : plan.path("actions")) {
                out.printf("  %-22s %-20s %-26s %s%n", text(action, "kind"), text(action, "action"), text(action, "outcome"),
                        text(action, "fileName"));
            }
            if (!apply && !plan.path("actions").isEmpty()) {
                out.printf("nothing was changed; to do it: ops/granary sync repair %d --apply%n", report);
            }
            return 0;
        }
    }

    int dropSlot(boolean yes) throws IOException {
        if (!yes && !confirmed()) {
            return REFUSED;
        }
        try (SyncApi api = api()) {
            JsonNode dropped = api.post("/sync/slot/drop", null);
            out.printf("capture %s; slot %s %s%n", dropped.path("captureStopped").asBoolean() ? "stopped" : "was already stopped",
                    dropped.path("slot").asString(), dropped.path("slotDropped").asBoolean() ? "dropped" : "did not exist");
            out.println(dropped.path("restart").asString());
            return 0;
        }
    }

    /** Asks at the terminal; without one the operator must say --yes. */
    private boolean confirmed() throws IOException {
        if (terminal == null) {
            out.println("drop-slot stops the capture and drops the legacy server's replication slot; no terminal to ask: run it with --yes");
            return false;
        }
        out.print("Stop the capture and drop the replication slot? Legacy changes made until metadata-sync starts again will not be"
                + " captured. Type yes: ");
        out.flush();
        String answer = terminal.readLine();
        boolean yes = answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
        if (!yes) {
            out.println("nothing was done");
        }
        return yes;
    }

    /** The field's text, or "-" when it is absent or null. */
    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : "-";
    }

    private SyncApi api() throws IOException {
        return new SyncApi(syncUrl, Files.readString(adminTokenFile).strip());
    }
}
