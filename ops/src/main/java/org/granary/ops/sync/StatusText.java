package org.granary.ops.sync;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;

/** {@code GET /sync/status} and the newest reconciliation as a few lines a data manager reads at a glance. */
final class StatusText {
    private StatusText() {
    }

    static void print(JsonNode status, JsonNode lastReconciliation, PrintStream out) {
        if (!status.path("configured").asBoolean()) {
            out.println("metadata-sync runs without a legacy database (granary.sync.legacy-url): nothing is synced");
        }
        JsonNode capture = status.path("legacyToCatalogue");
        if (capture.isObject()) {
            out.printf("legacy -> catalogue: lag %s s, %s bytes of WAL; slot %s %s; retained WAL %s bytes; last applied commit %s%n",
                    value(capture, "lagSeconds"), value(capture, "lagBytes"), capture.path("slot").asString(), slotState(capture),
                    value(capture, "retainedWalBytes"), value(capture, "lastAppliedCommit"));
            printIf(out, "  WARNING: ", capture, "warning");
            printIf(out, "  last error: ", capture, "lastError");
        }
        JsonNode feed = status.path("catalogueToLegacy");
        if (feed.isObject()) {
            out.printf("catalogue -> legacy: lag %s s; last change applied %s; feed read %s%n", value(feed, "lagSeconds"),
                    value(feed, "lastAppliedChangeAt"), value(feed, "lastPolledAt"));
            printIf(out, "  last error: ", feed, "lastError");
        }
        JsonNode load = status.path("initialLoad");
        if (load.isObject()) {
            out.printf("initial load %d: %s, %d of about %s legacy files, after %s (%s)%n", load.path("id").asLong(),
                    load.hasNonNull("finishedAt") ? "finished " + value(load, "finishedAt") : "running since " + value(load, "startedAt"),
                    load.path("filesLoaded").asLong(), value(load, "estimatedFiles"), value(load, "afterFileName"), value(load, "reason"));
            printIf(out, "  last error: ", load, "lastError");
        }
        out.printf("applied per second: %.1f to the catalogue, %.1f to the legacy side%n", status.path("appliedToCatalogue").asDouble(),
                status.path("appliedToLegacy").asDouble());
        out.printf("conflicts: %d   quarantined: %d%n", status.path("conflicts").asLong(), status.path("quarantined").asLong());
        if (lastReconciliation == null) {
            out.println("last reconciliation: none");
            return;
        }
        JsonNode counts = lastReconciliation.path("counts");
        out.printf("last reconciliation: %d %s %s: missing on the catalogue %s, missing on the legacy side %s, different %s, unsettled %s%n",
                lastReconciliation.path("id").asLong(), lastReconciliation.path("state").asString(),
                value(lastReconciliation, "finishedAt").equals("-") ? value(lastReconciliation, "startedAt") : value(lastReconciliation, "finishedAt"),
                value(counts, "missingOnCatalogue"), value(counts, "missingOnLegacy"), value(counts, "different"), value(counts, "unsettled"));
    }

    private static String slotState(JsonNode capture) {
        if (!capture.path("slotExists").asBoolean()) {
            return "missing";
        }
        return capture.path("slotActive").asBoolean() ? "active" : "inactive";
    }

    private static void printIf(PrintStream out, String prefix, JsonNode node, String field) {
        if (node.hasNonNull(field)) {
            out.println(prefix + node.get(field).asString());
        }
    }

    /** The field as JSON gives it, or "-" when absent or null. */
    private static String value(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : "-";
    }
}
