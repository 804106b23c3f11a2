package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP calls to one archive node. Failures are classified: connection errors, timeouts and 5xx
 * (except 507) are retriable; 4xx are not.
 */
public final class NodeClient {
    public static final String EPOCH_HEADER = "Granary-Cluster-Epoch";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String token;
    private final java.util.concurrent.atomic.AtomicLong highestEpochSeen = new java.util.concurrent.atomic.AtomicLong(-1);

    public NodeClient(HttpClient http, String token) {
        this.http = http;
        this.token = token;
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** Streams content to a node; true when the node made the object, false when it had it already. */
    public boolean put(ClusterNode node, String checksum, ContentSource content, String copyAction, String cause) {
        HttpRequest.Builder request = request(node, "/objects/" + checksum)
                .timeout(Duration.ofMinutes(30))
                .expectContinue(true)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(content)), content.size()));
        if (copyAction != null) {
            request.header("Granary-Copy", copyAction);
        }
        if (cause != null) {
            request.header("Granary-Cause", cause);
        }
        HttpResponse<String> response = send(node, request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            return response.statusCode() == 201;
        }
        throw failure(node, "PUT " + checksum, response.statusCode(), response.body());
    }

    /** The size of the node's copy, or empty when it has none. */
    public Optional<Long> head(ClusterNode node, String checksum) {
        HttpResponse<Void> response = send(node, request(node, "/objects/" + checksum).timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
            return Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        throw failure(node, "HEAD " + checksum, response.statusCode(), "");
    }

    /** The content of the node's copy; empty when it has none. The caller closes the stream. */
    public Optional<InputStream> get(ClusterNode node, String checksum, String range) {
        HttpRequest.Builder request = request(node, "/objects/" + checksum).timeout(Duration.ofMinutes(30)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        HttpResponse<InputStream> response = send(node, request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200 || response.statusCode() == 206) {
            return Optional.of(response.body());
        }
        closeQuietly(response.body());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        throw failure(node, "GET " + checksum, response.statusCode(), "");
    }

    /** The highest cluster map epoch any node answered with, or -1. */
    public long highestEpochSeen() {
        return highestEpochSeen.get();
    }

    public ClusterMap map(String nodeUrl) {
        ClusterNode any = new ClusterNode("seed", nodeUrl, 1, NodeState.ACTIVE);
        HttpResponse<String> response = send(any, request(any, "/cluster/map").timeout(Duration.ofSeconds(5)).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw failure(any, "GET /cluster/map", response.statusCode(), response.body());
        }
        return JSON.readValue(response.body(), ClusterMap.class);
    }

    /** Any JSON document of a node, e.g. its audit log for one object. */
    public String getJson(ClusterNode node, String path) {
        HttpResponse<String> response = send(node, request(node, path).timeout(Duration.ofSeconds(30)).GET(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw failure(node, "GET " + path, response.statusCode(), response.body());
        }
        return response.body();
    }

    public String sendJson(ClusterNode node, String method, String path, String body) {
        HttpResponse<String> response = send(node, request(node, path).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw failure(node, method + " " + path, response.statusCode(), response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder request(ClusterNode node, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(node.url() + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(ClusterNode node, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpResponse<T> response = http.send(request.build(), handler);
            response.headers().firstValueAsLong(EPOCH_HEADER).ifPresent(epoch -> highestEpochSeen.accumulateAndGet(epoch, Math::max));
            return response;
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ArchiveException("node " + node.id() + " at " + node.url() + " is unreachable: " + e, true, 0, e);
        } catch (IOException e) {
            throw new ArchiveException("node " + node.id() + " at " + node.url() + " failed: " + e, true, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while calling node " + node.id(), true, 0, e);
        }
    }

    private static ArchiveException failure(ClusterNode node, String what, int status, String body) {
        boolean retriable = status >= 500 || status == 408 || status == 429;
        return new ArchiveException(what + " on node " + node.id() + " answered " + status + ": " + body, retriable, status, null);
    }

    private static InputStream open(ContentSource content) {
        try {
            return content.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the content to send", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read
        }
    }

    static List<ClusterNode> seeds(List<String> urls) {
        return urls.stream().map(url -> new ClusterNode("seed", url, 1, NodeState.ACTIVE)).toList();
    }
}
