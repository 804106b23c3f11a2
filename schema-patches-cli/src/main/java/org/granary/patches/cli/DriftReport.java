package org.granary.patches.cli;

import java.util.ArrayList;
import java.util.List;
import org.granary.patches.drift.AttributedDrift;

/**
 * Drift for a DBA: one aligned line per difference (what kind, and the description), then who
 * made it from the DDL log, and the DDL that repairs it. The repairs, taken in the order shown,
 * make one script; review it before running it, as dropping an unexpected column drops its data.
 */
final class DriftReport {
    private DriftReport() {
    }

    static List<String> lines(List<AttributedDrift> drifts, boolean ddlLogInstalled) {
        Columns headlines = new Columns();
        drifts.forEach(drift -> headlines.row(drift.drift().kind().name(), drift.drift().description()));
        List<String> heads = headlines.lines();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < drifts.size(); i++) {
            AttributedDrift drift = drifts.get(i);
            lines.add(heads.get(i));
            lines.addAll(FindingReport.labelled("who:    ", ddlLogInstalled ? drift.explanation()
                    : AttributedDrift.NOT_LOGGED + ": this database has no DDL log (apply installs it only when a superuser runs it)"));
            lines.addAll(FindingReport.labelled("repair: ", drift.drift().repairDdl().isEmpty()
                    ? "-- nothing to run" : drift.drift().repairDdl()));
        }
        return lines;
    }
}
