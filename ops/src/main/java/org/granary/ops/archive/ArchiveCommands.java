package org.granary.ops.archive;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive commands of {@code ops/granary} ({@link ArchiveCommandLine} parses them). They read
 * the cluster map from any node, change it through the admin API with the epoch they read, and
 * run rebalances and scrubs on every node of the map, following their progress until they end.
 * Each returns the exit code.
 */
public final class ArchiveCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> seedUrls;
    private final Path adminTokenFile;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public ArchiveCommands(List<String> seedUrls, Path adminTokenFile, PrintStream out) {
        if (seedUrls.isEmpty()) {
            throw new IllegalStateException("no archive node is configured");
        }
        this.seedUrls = List.copyOf(seedUrls);
        this.adminTokenFile = adminTokenFile;
        this.out = out;
    }

    int showMap() throws Exception {
        return printMap(map());
    }

    int drain(String id) throws Exception {
        return changeNode(id, "POST", "/drain");
    }

    int removeNode(String id) throws Exception {
        return changeNode(id, "DELETE", "");
    }

    /** What would move ({@code dryRun}) or move it; {@code bytesPerSecond} overrides the nodes' setting. */
    int rebalance(boolean dryRun, Optional<Long> bytesPerSecond) throws Exception {
        String rate = bytesPerSecond.map(String::valueOf).orElse(null);
        return dryRun ? plan(rate) : rebalance(rate);
    }

    private int printMap(JsonNode map) {
        out.printf("epoch %d, %d replicas%n", map.get("epoch").asLong(), map.get("replicas").asInt());
        out.printf("%-16s %-28s %-8s %s%n", "NODE", "URL", "WEIGHT", "STATE");
        for (JsonNode node : map.get("nodes")) {
            out.printf("%-16s %-28s %-8s %s%n", node.get("id").asString(), node.get("url").asString(), node.get("weight").asDouble(),
                    node.get("state").asString());
        }
        return 0;
    }

    int volumes() throws Exception {
        out.printf("%-16s %-8s %-10s %12s %12s  %s%n", "NODE", "VOLUME", "STATE", "FREE GiB", "TOTAL GiB", "PATH");
        for (JsonNode node : map().get("nodes")) {
            for (JsonNode volume : JSON.readTree(send(node.get("url").asString(), "GET", "/volumes", null))) {
                out.printf("%-16s %-8s %-10s %12.1f %12.1f  %s%n", node.get("id").asString(), volume.get("name").asString(),
                        volume.get("state").asString(), volume.get("freeBytes").asLong() / 1073741824.0,
                        volume.get("totalBytes").asLong() / 1073741824.0, volume.get("path").asString());
            }
        }
        return 0;
    }

    int addNode(String id, String url, double weight) throws Exception {
        JsonNode map = map();
        String body = JSON.writeValueAsString(java.util.Map.of("id", id, "url", url, "weight", weight));
        return printMap(JSON.readTree(send(anyUrl(map), "POST", "/cluster/nodes?expectedEpoch=" + map.get("epoch").asLong(), body)));
    }

    private int changeNode(String id, String method, String suffix) throws Exception {
        JsonNode map = map();
        String path = "/cluster/nodes/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + suffix
                + "?expectedEpoch=" + map.get("epoch").asLong();
        return printMap(JSON.readTree(send(anyUrl(map), method, path, null)));
    }

    private int plan(String bytesPerSecond) throws Exception {
        long objects = 0;
        long bytes = 0;
        for (JsonNode node : map().get("nodes")) {
            JsonNode plan = JSON.readTree(send(node.get("url").asString(), "GET",
                    "/rebalance/plan" + (bytesPerSecond == null ? "" : "?bytesPerSecond=" + bytesPerSecond), null));
            objects += plan.get("objectsToMoveAway").asLong();
            bytes += plan.get("bytesToMoveAway").asLong();
            out.printf("%s: %d of %d objects (%s) move away; copies to %s (%s); about %d s at %s/s%n",
                    node.get("id").asString(), plan.get("objectsToMoveAway").asLong(), plan.get("objectsExamined").asLong(),
                    size(plan.get("bytesToMoveAway").asLong()), plan.get("copiesPerTarget"), sizes(plan.get("bytesPerTarget")),
                    plan.get("estimatedSeconds").asLong(), size(plan.get("bytesPerSecond").asLong()));
        }
        out.printf("in all: %d objects (%s) move%n", objects, size(bytes));
        return 0;
    }

    private int rebalance(String bytesPerSecond) throws Exception {
        List<JsonNode> nodes = nodes();
        for (JsonNode node : nodes) {
            send(node.get("url").asString(), "POST", "/rebalance" + (bytesPerSecond == null ? "" : "?bytesPerSecond=" + bytesPerSecond), null);
        }
        return follow(nodes, "/rebalance", run -> String.format("%d/%d examined, %d moved away, %d copies (%s), %d errors",
                run.get("objectsExamined").asLong(), run.get("objectsTotal").asLong(), run.get("objectsMoved").asLong(),
                run.get("copiesMade").asLong(), size(run.get("bytesCopied").asLong()), run.get("errors").asLong()),
                run -> run.get("errors").asLong() == 0);
    }

    int scrub() throws Exception {
        List<JsonNode> nodes = nodes();
        for (JsonNode node : nodes) {
            send(node.get("url").asString(), "POST", "/scrub", null);
        }
        return follow(nodes, "/scrub", pass -> String.format("%d verified (%s), %d corrupt, %d repaired, %d unrepairable, %d replicas added",
                pass.get("objectsVerified").asLong(), size(pass.get("bytesRead").asLong()), pass.get("corrupt").asLong(),
                pass.get("repaired").asLong(), pass.get("unrepairable").asLong(), pass.get("replicasAdded").asLong()),
                pass -> pass.get("unrepairable").asLong() == 0);
    }

    /** Prints each node's progress every two seconds until none runs; exit 0 when all finished well. */
    private int follow(List<JsonNode> nodes, String path, java.util.function.Function<JsonNode, String> describe,
            java.util.function.Predicate<JsonNode> good) throws Exception {
        java.util.Map<String, String> lastPrinted = new java.util.HashMap<>();
        while (true) {
            boolean running = false;
            boolean allGood = true;
            for (JsonNode node : nodes) {
                JsonNode state = JSON.readTree(send(node.get("url").asString(), "GET", path, null));
                running |= "running".equals(state.get("state").asString());
                allGood &= "finished".equals(state.get("state").asString()) && good.test(state);
                String line = String.format("%-12s %-9s %s", node.get("id").asString(), state.get("state").asString(), describe.apply(state));
                if (!line.equals(lastPrinted.put(node.get("id").asString(), line))) {
                    out.println(line);
                }
            }
            if (!running) {
                return allGood ? 0 : 1;
            }
            Thread.sleep(2000);
        }
    }

    int audit(String checksum) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode node : nodes()) {
            try {
                JSON.readTree(send(node.get("url").asString(), "GET", "/audit/" + checksum, null)).forEach(events::add);
            } catch (IOException e) {
                out.println("(node " + node.get("id").asString() + " did not answer: " + e.getMessage() + ")");
            }
        }
        events.sort(Comparator.comparing(event -> event.get("occurredAt").asString()));
        for (JsonNode event : events) {
            out.printf("%s  %-12s %-4s %-10s %s%s%n", event.get("occurredAt").asString(), event.get("node").asString(),
                    event.path("volume").asString(""), event.get("action").asString(), event.get("cause").asString(),
                    event.path("detail").isNull() || event.path("detail").isMissingNode() ? "" : " (" + event.get("detail").asString() + ")");
        }
        if (events.isEmpty()) {
            out.println("no node has any record of " + checksum);
        }
        return 0;
    }

    private List<JsonNode> nodes() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        map().get("nodes").forEach(nodes::add);
        return nodes;
    }

    /** The map with the highest epoch among the nodes that answer. */
    private JsonNode map() throws Exception {
        JsonNode best = null;
        List<String> urls = new ArrayList<>(seedUrls);
        IOException last = null;
        for (int i = 0; i < urls.size(); i++) {
            try {
                JsonNode candidate = JSON.readTree(send(urls.get(i), "GET", "/cluster/map", null));
                if (best == null || candidate.get("epoch").asLong() > best.get("epoch").asLong()) {
                    best = candidate;
                    candidate.get("nodes").forEach(node -> {
                        if (!urls.contains(node.get("url").asString())) {
                            urls.add(node.get("url").asString());
                        }
                    });
                }
            } catch (IOException e) {
                last = e;
            }
        }
        if (best == null) {
            throw new IOException("no archive node answered: " + (last == null ? "" : last.getMessage()));
        }
        return best;
    }

    private String send(String baseUrl, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Files.readString(adminTokenFile).strip())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(baseUrl + " is unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode problem = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
            throw new IOException(method + " " + path + " on " + baseUrl + " answered " + response.statusCode() + ": "
                    + problem.path("detail").asString(response.body()));
        }
        return response.body();
    }

    private static String anyUrl(JsonNode map) {
        return map.get("nodes").get(0).get("url").asString();
    }

    private static String sizes(JsonNode bytesPerTarget) {
        List<String> parts = new ArrayList<>();
        bytesPerTarget.properties().forEach(entry -> parts.add(entry.getKey() + " " + size(entry.getValue().asLong())));
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
