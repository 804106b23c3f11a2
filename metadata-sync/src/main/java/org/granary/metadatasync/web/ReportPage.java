package org.granary.metadatasync.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.granary.metadatasync.reconcile.Report;
import tools.jackson.databind.JsonNode;

/**
 * A reconciliation report as a page a data manager reads: server-rendered, no script at all, every
 * value escaped; the one style sheet is inline and allowed by its hash alone.
 */
final class ReportPage {
    /** The differences a page shows at most; the JSON pages through all of them. */
    static final int MOST_DIFFERENCES = 5000;
    private static final String STYLE = "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
            + "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}th{background:#eee}"
            + ".missing-on-catalogue{color:#a40}.missing-on-legacy{color:#04a}.different{color:#606}code{font-size:90%}";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private ReportPage() {
    }

    static String render(Report report) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reconciliation ").append(report.id())
                .append("</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>Reconciliation ").append(report.id()).append(": ").append(escape(report.state())).append("</h1>");
        html.append("<table>");
        row(html, "Started", report.startedAt());
        row(html, "Finished", report.finishedAt());
        row(html, "Asked by", report.trigger() + " (" + report.requestedBy() + ")");
        row(html, "Filter", report.filter());
        if (report.error() != null) {
            row(html, "Error", report.error());
        }
        Report.Counts counts = report.counts();
        row(html, "Rows: legacy / catalogue", counts.legacyRows() + " / " + counts.catalogueRows());
        row(html, "Missing on the catalogue", counts.missingOnCatalogue());
        row(html, "Missing on the legacy side", counts.missingOnLegacy());
        row(html, "Different", counts.different());
        row(html, "Still changing when re-checked (not reported)", counts.unsettled());
        row(html, "Key ranges compared / rows fetched", counts.rangesCompared() + " / " + counts.rowsFetched());
        html.append("</table>");
        html.append("<h2>Differences</h2><table><tr><th>File</th><th>Kind</th><th>Field</th><th>Legacy</th><th>Catalogue</th></tr>");
        for (Report.Entry entry : report.differences()) {
            differenceRows(html, entry);
        }
        html.append("</table>");
        if (report.nextAfter() != null) {
            html.append("<p>Only the first ").append(MOST_DIFFERENCES).append(" differences are shown; the JSON report pages through all of them.</p>");
        }
        return html.append("</body></html>").toString();
    }

    private static void differenceRows(StringBuilder html, Report.Entry entry) {
        String start = "<tr class=\"" + escape(entry.kind()) + "\"><td><code>" + escape(entry.fileName()) + "</code></td><td>" + escape(entry.kind())
                + "</td>";
        if (entry.fields().isEmpty()) {
            JsonNode present = entry.legacy() != null ? entry.legacy() : entry.catalogue();
            html.append(start).append("<td>(whole record)</td><td>").append(entry.legacy() == null ? "" : escape(present.toString()))
                    .append("</td><td>").append(entry.catalogue() == null ? "" : escape(present.toString())).append("</td></tr>");
            return;
        }
        for (Report.FieldValues field : entry.fields()) {
            html.append(start).append("<td>").append(escape(field.field())).append("</td><td>").append(value(field.legacy())).append("</td><td>")
                    .append(value(field.catalogue())).append("</td></tr>");
        }
    }

    private static String value(JsonNode value) {
        return value == null || value.isNull() ? "<i>none</i>" : "<code>" + escape(value.isString() ? value.asString() : value.toString()) + "</code>";
    }

    private static void row(StringBuilder html, String label, Object value) {
        html.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value == null ? "" : value.toString())).append("</td></tr>");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            switch (character) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
