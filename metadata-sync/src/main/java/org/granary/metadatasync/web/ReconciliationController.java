package org.granary.metadatasync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import java.util.NoSuchElementException;
import org.granary.metadatasync.reconcile.ReconciliationService;
import org.granary.metadatasync.reconcile.ReconciliationStore;
import org.granary.metadatasync.reconcile.Repairer;
import org.granary.metadatasync.reconcile.Report;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliations: run one now (an operator's token), read a report as JSON or as a page (open
 * reads, as the catalogue's), repair one (a dry run unless {@code apply=true}).
 */
@RestController
@Tag(name = "reconciliation", description = "The legacy database and the catalogue compared, and repaired")
class ReconciliationController {
    private final ObjectProvider<ReconciliationService> service;
    private final ObjectProvider<Repairer> repairer;
    private final ReconciliationStore store;

    ReconciliationController(ObjectProvider<ReconciliationService> service, ObjectProvider<Repairer> repairer, ReconciliationStore store) {
        this.service = service;
        this.repairer = repairer;
        this.store = store;
    }

    @PostMapping("/sync/reconciliations")
    @RequiresRole({Role.OPERATOR, Role.SERVICE})
    @Operation(summary = "Start a reconciliation now, of all data or of a filter {esdt, collection, startFrom, startTo}; 202 with its report's URL")
    ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) JsonNode body, Caller caller) throws SQLException {
        var filter = FilterReader.read(body);
        long id;
        try {
            id = running().start("api", caller.label(), filter);
        } catch (ReconciliationService.Busy e) {
            throw new GranaryException(ErrorCode.CONFLICT, e.getMessage());
        }
        URI report = URI.create("/sync/reconciliations/" + id);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(report)
                .body(Map.of("id", id, "state", "running", "report", report.toString(), "page", report + ".html"));
    }

    @GetMapping("/sync/reconciliations")
    @Operation(summary = "The newest reconciliations, newest first: state, filter and counts (no differences)")
    java.util.List<Report> latest(@RequestParam(defaultValue = "20") int limit) throws SQLException {
        if (limit < 1 || limit > 1000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000: " + limit);
        }
        return store.latest(limit);
    }

    @GetMapping("/sync/reconciliations/{id}")
    @Operation(summary = "A reconciliation's report: counts, filter and differences (a page of them: after, limit)")
    Report report(@PathVariable long id, @RequestParam(required = false) String after, @RequestParam(defaultValue = "1000") int limit)
            throws SQLException {
        if (limit < 1 || limit > 100_000) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 100000: " + limit);
        }
        return store.report(id, after, limit).orElseThrow(() -> notFound(id));
    }

    @GetMapping(path = "/sync/reconciliations/{id}.html", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "A reconciliation's report as a page to read")
    ResponseEntity<String> page(@PathVariable long id) throws SQLException {
        Report report = store.report(id, null, ReportPage.MOST_DIFFERENCES).orElseThrow(() -> notFound(id));
        return ResponseEntity.ok().header("Content-Security-Policy", ReportPage.CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY")
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8)).body(ReportPage.render(report));
    }

    @PostMapping("/sync/reconciliations/{id}/repair")
    @RequiresRole({Role.OPERATOR, Role.SERVICE})
    @Operation(summary = "Repair a report's differences through the sync's apply path: a dry run unless apply=true; applied, audited")
    Repairer.Plan repair(@PathVariable long id, @RequestParam(defaultValue = "false") boolean apply, Caller caller) throws SQLException {
        Repairer repairs = repairer.getIfAvailable();
        if (repairs == null) {
            throw notConfigured();
        }
        if (store.report(id, null, 1).isEmpty()) {
            throw notFound(id);
        }
        try {
            return repairs.repair(id, apply, caller.label());
        } catch (NoSuchElementException e) {
            throw new GranaryException(ErrorCode.CONFLICT, "reconciliation " + id + " has not finished: only a finished report can be repaired");
        }
    }

    private ReconciliationService running() {
        ReconciliationService running = service.getIfAvailable();
        if (running == null) {
            throw notConfigured();
        }
        return running;
    }

    private static GranaryException notConfigured() {
        return new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "no legacy database is configured (granary.sync.legacy-url)");
    }

    private static GranaryException notFound(long id) {
        return new GranaryException(ErrorCode.NOT_FOUND, "no reconciliation " + id);
    }
}
