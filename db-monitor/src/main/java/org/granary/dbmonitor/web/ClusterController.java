package org.granary.dbmonitor.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.dbmonitor.history.SeriesRepository;
import org.granary.dbmonitor.status.Assessor;
import org.granary.dbmonitor.status.BlockingTree;
import org.granary.dbmonitor.status.ClusterStatus;
import org.granary.dbmonitor.status.Forecast;
import org.granary.dbmonitor.status.NodeStatus;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clusters' weather and everything behind it, as JSON: what the dashboard shows. Sessions'
 * queries are in these answers, so every one needs an operator's or a DBA's token.
 */
@RestController
@RequiresRole({Role.OPERATOR, Role.DBA})
@Tag(name = "clusters", description = "Every PostgreSQL cluster's weather, figures, history and forecast; its definition")
class ClusterController {
    static final Set<String> METRICS = NodeStatus.METRICS;
    private static final Duration LONGEST_SPAN = Duration.ofDays(400);

    private final Clusters clusters;
    private final Assessor assessor;
    private final SeriesRepository history;
    private final Forecast forecast;

    ClusterController(Clusters clusters, Assessor assessor, SeriesRepository history) {
        this.clusters = clusters;
        this.assessor = assessor;
        this.history = history;
        this.forecast = new Forecast(history);
    }

    /** Every cluster's weather, and whether the clusters file as it is now was refused. */
    record Overview(List<ClusterStatus> clusters, String clustersFileProblem) {
    }

    @GetMapping("/clusters")
    @Operation(summary = "Every cluster's weather with its reasons and each node's last figures")
    Overview overview() {
        return new Overview(assessor.all(), clusters.fileProblem().orElse(null));
    }

    @GetMapping("/clusters/{name}")
    @Operation(summary = "One cluster's weather, reasons and nodes")
    ClusterStatus cluster(@PathVariable String name) {
        return assessor.find(name).orElseThrow(() -> notFound(name));
    }

    /** A node's blocking trees. */
    record NodeBlocking(String node, List<BlockingTree.Branch> trees) {
    }

    @GetMapping("/clusters/{name}/blocking")
    @Operation(summary = "Who blocks whom on each node, as trees of sessions with their queries and waits (from the last poll)")
    List<NodeBlocking> blocking(@PathVariable String name) {
        return cluster(name).nodes().stream().map(node -> new NodeBlocking(node.name(), BlockingTree.of(node.sessions()))).toList();
    }

    @GetMapping("/clusters/{name}/series")
    @Operation(summary = "A figure's time series per node: ?metric=lag_seconds&from=...&to=... (ISO instants; default the last hour); "
            + "raw samples up to 48 h, hourly averages beyond")
    List<SeriesRepository.Series> series(@PathVariable String name, @RequestParam String metric, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        definition(name);
        if (!METRICS.contains(metric)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "unknown metric '" + metric + "'; metrics are " + METRICS.stream().sorted().toList());
        }
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(LONGEST_SPAN) > 0) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "from must be before to, at most 400 days apart");
        }
        return history.series(name, metric, start, end);
    }

    @GetMapping("/clusters/{name}/weather-history")
    @Operation(summary = "Each change of the cluster's weather with its reasons: ?from=&to= (default the last 7 days)")
    List<SeriesRepository.WeatherChange> weatherHistory(@PathVariable String name, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        definition(name);
        Instant end = to == null ? Instant.now() : to;
        return history.weatherChanges(name, from == null ? end.minus(Duration.ofDays(7)) : from, end);
    }

    @GetMapping("/clusters/{name}/deadlocks")
    @Operation(summary = "Deadlocks with both sessions, their queries and locks, as the servers logged them: ?from=&to= (default the last "
            + "7 days), newest first, at most 500")
    List<SeriesRepository.Deadlock> deadlocks(@PathVariable String name, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        definition(name);
        Instant end = to == null ? Instant.now() : to;
        return history.deadlocks(name, from == null ? end.minus(Duration.ofDays(7)) : from, end);
    }

    @GetMapping("/clusters/{name}/forecast")
    @Operation(summary = "Trends of the last hour carried forward: when connections, WAL retained by slots and transaction-ID age "
            + "reach their limits; how fast the databases grow")
    List<Forecast.Outlook> forecast(@PathVariable String name) {
        ClusterDefinition definition = definition(name);
        return forecast.of(definition, cluster(name), assessor.thresholds(definition), Instant.now());
    }

    @GetMapping("/clusters/{name}/definition")
    @Operation(summary = "The cluster as the clusters file defines it (passwords as their references, never their values)")
    ClusterDefinition definition(@PathVariable String name) {
        return clusters.find(name).orElseThrow(() -> notFound(name));
    }

    @PutMapping("/clusters/{name}/definition")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Adds or replaces a cluster: written to the clusters file (atomically), watched from the next poll on")
    ResponseEntity<ClusterDefinition> define(@PathVariable String name, @RequestBody ClusterDefinition definition) {
        if (!definition.name().equals(name)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "the body names cluster " + definition.name() + ", the path " + name);
        }
        boolean existed = clusters.find(name).isPresent();
        ClusterDefinition stored = edit(() -> clusters.put(definition));
        return existed ? ResponseEntity.ok(stored) : ResponseEntity.status(201).body(stored);
    }

    @DeleteMapping("/clusters/{name}")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Stops watching a cluster: removed from the clusters file; its history stays")
    ResponseEntity<Void> remove(@PathVariable String name) {
        if (!edit(() -> clusters.remove(name))) {
            throw notFound(name);
        }
        return ResponseEntity.noContent().build();
    }

    private static <T> T edit(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (IllegalStateException e) {
            throw new GranaryException(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    static GranaryException notFound(String name) {
        return new GranaryException(ErrorCode.NOT_FOUND, "no cluster " + name);
    }

    static NodeStatus node(ClusterStatus status, String node) {
        return status.nodes().stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no node " + node + " in cluster " + status.name()));
    }
}
