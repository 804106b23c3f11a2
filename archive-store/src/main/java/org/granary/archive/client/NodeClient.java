package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
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
public final class NodeClient implements AutoCloseable {
    public static final String EPOCH_HEADER = "Granary-Cluster-Epoch";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final int UPLOAD_BUFFER_BYTES = 1 << 20;
    private static final long EXPECT_CONTINUE_FROM_BYTES = 1 << 20;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final String COPY_HEADER = "Granary-Copy";
    private static final String CAUSE_HEADER = "Granary-Cause";

    private final HttpClient http;
    private final String token;
    private final java.util.concurrent.atomic.AtomicLong highestEpochSeen = new java.util.concurrent.atomic.AtomicLong(-1);

    private final KeptAlivePuts smallPuts;

    public NodeClient(HttpClient http, String token) {
        this.http = http;
        this.token = token;
        this.smallPuts = new KeptAlivePuts(token, CONNECT_TIMEOUT, UPLOAD_TIMEOUT);
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * Sends content to a node; true when the node made the object, false when it had it already.
     * Content held in memory goes over a kept-alive socket on the calling thread (see
     * {@link KeptAlivePuts}): the {@link HttpClient}'s selector thread and hand-offs took a sixth
     * of ingest's CPU per small push. A file goes through the {@link HttpClient}, which can
     * throttle it.
     */
    public boolean put(ClusterNode node, String checksum, ContentSource content, String copyAction, String cause) {
        if (content instanceof ContentSource.InMemory inMemory) {
            return answer(sendPut(node, checksum, inMemory, copyAction, cause));
        }
        HttpRequest.Builder request = request(node, "/objects/" + checksum)
                .timeout(UPLOAD_TIMEOUT)
                // Lets a node refuse a large body (no room, bad token) before it is sent; for a small one the
                // extra round trip costs more than sending it in vain.
                .expectContinue(content.size() >= EXPECT_CONTINUE_FROM_BYTES)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(content)), content.size()));
        if (copyAction != null) {
            request.header(COPY_HEADER, copyAction);
        }
        if (cause != null) {
            request.header(CAUSE_HEADER, cause);
        }
        HttpResponse<String> response = send(node, request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            return response.statusCode() == 201;
        }
        throw failure(node, "PUT " + checksum, response.statusCode(), response.body());
    }

    /**
     * Streams content that can be read only once (see {@link ArchiveClient#putOnce}) to a node:
     * true when the node made the object. Over a blocking {@link HttpURLConnection} on a connection
     * of its own, closed after: the {@link HttpClient}'s asynchronous machinery made a lone 1 GiB
     * upload a quarter slower, and a kept-alive blocking connection may be stale after the node
     * restarted, which a write that cannot be repeated must not risk.
     */
    public boolean putStream(ClusterNode node, String checksum, InputStream content, long size, String cause) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(node.url() + "/objects/" + checksum).toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) UPLOAD_TIMEOUT.toMillis());
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(size);
            connection.setRequestProperty("Connection", "close");
            // Lets the node refuse (no room, bad token) before the body is sent.
            connection.setRequestProperty("Expect", "100-continue");
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (cause != null) {
                connection.setRequestProperty(CAUSE_HEADER, cause);
            }
            sendBody(connection, content);
            int status = connection.getResponseCode();
            noteEpoch(connection.getHeaderField(EPOCH_HEADER));
            return created(node, checksum, status, responseBody(connection, status));
        } catch (IOException e) {
            throw unreachableOrFailed(node, e);
        }
    }

    /** A PUT of content held in memory, written to its node and not yet answered. */
    record SentPut(ClusterNode node, String checksum, KeptAlivePuts.Sent request) {
    }

    /**
     * The first half of a PUT of content held in memory: the request is written, the answer is
     * read by {@link #answer}. Sending to every copy's node before reading any answer lets the
     * nodes write at once without another thread. Never throws: a failure surfaces in the answer.
     */
    SentPut sendPut(ClusterNode node, String checksum, ContentSource.InMemory content, String copyAction, String cause) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (copyAction != null) {
            headers.put(COPY_HEADER, copyAction);
        }
        if (cause != null) {
            headers.put(CAUSE_HEADER, cause);
        }
        return new SentPut(node, checksum, smallPuts.send(URI.create(node.url() + "/objects/" + checksum), headers, content.bytes()));
    }

    /** The second half of {@link #sendPut}: true when the node made the object, false when it had it already. */
    boolean answer(SentPut sent) {
        KeptAlivePuts.Answer answer;
        try {
            answer = sent.request().answer();
        } catch (IOException e) {
            throw unreachableOrFailed(sent.node(), e);
        }
        noteEpoch(answer.epoch());
        return created(sent.node(), sent.checksum(), answer.status(), answer.body());
    }

    /** Closes the kept-alive sockets of small puts. */
    @Override
    public void close() {
        smallPuts.close();
    }

    private static boolean created(ClusterNode node, String checksum, int status, String body) {
        if (status == 201 || status == 200) {
            return status == 201;
        }
        throw failure(node, "PUT " + checksum, status, body);
    }

    private static ArchiveException unreachableOrFailed(ClusterNode node, IOException e) {
        boolean unreachable = e instanceof ConnectException || e instanceof SocketTimeoutException || e instanceof HttpTimeoutException;
        return new ArchiveException("node " + node.id() + " at " + node.url() + (unreachable ? " is unreachable: " : " failed: ") + e,
                true, 0, e);
    }

    /** Sends the body, unless the node answered the 100-continue with its final status (read by the caller). */
    private static void sendBody(HttpURLConnection connection, InputStream content) throws IOException {
        OutputStream out;
        try {
            out = connection.getOutputStream();
        } catch (java.net.ProtocolException refusedBeforeTheBody) {
            return;
        }
        try (out) {
            byte[] buffer = new byte[UPLOAD_BUFFER_BYTES];
            for (int read; (read = content.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
            }
        }
    }

    private static String responseBody(HttpURLConnection connection, int status) throws IOException {
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private void noteEpoch(String epoch) {
        if (epoch != null) {
            try {
                highestEpochSeen.accumulateAndGet(Long.parseLong(epoch.strip()), Math::max);
            } catch (NumberFormatException ignored) {
                // a malformed header: the next map refresh reads the epoch from the map itself
            }
        }
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
            response.headers().firstValue(EPOCH_HEADER).ifPresent(this::noteEpoch);
            return response;
        } catch (IOException e) {
            throw unreachableOrFailed(node, e);
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
